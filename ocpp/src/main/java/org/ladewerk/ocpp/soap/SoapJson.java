package org.ladewerk.ocpp.soap;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.ladewerk.ocpp.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts the JAXB classes generated from the OCPP WSDLs to and from the JSON shape of the same
 * message. The OCPP 1.6 SOAP and JSON messages use the same field names and enumeration values, so
 * for 1.6 the conversion is the whole mapping; OCPP 1.5 differs in a few places that
 * {@link Ocpp15} rewrites on the JSON side.
 *
 * <p>Rules: property names are the XML element or attribute names (an {@code @XmlValue} keeps the
 * field name), enumerations are their XML values, {@code dateTime} is an ISO-8601 instant in UTC,
 * decimals are JSON numbers (doubles, as a JSON parser reads them), and absent values and empty lists are left out. Reading JSON, a
 * property that the XML type does not have is an error, so nothing is dropped silently.
 */
public final class SoapJson {

    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();
    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A bean property as XML names it. */
    private record Property(String name, Field field) {}

    private static final ClassValue<List<Property>> PROPERTIES = new ClassValue<>() {
        @Override
        protected List<Property> computeValue(Class<?> type) {
            var result = new ArrayList<Property>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    f.setAccessible(true);
                    result.add(new Property(xmlName(f), f));
                }
            }
            return List.copyOf(result);
        }
    };

    private SoapJson() {
    }

    /** The JSON form of a JAXB message object. */
    public static ObjectNode toJson(Object message) {
        JsonNode node = write(message);
        if (node instanceof ObjectNode o) return o;
        throw new IllegalArgumentException(message.getClass().getName() + " is not a JAXB bean");
    }

    /**
     * Builds a JAXB message object from its JSON form.
     *
     * @throws IllegalArgumentException naming the property when the JSON does not fit the XML type
     */
    public static <T> T fromJson(JsonNode json, Class<T> type) {
        return type.cast(read(json, type, "$"));
    }

    // --- writing

    private static JsonNode write(Object value) {
        if (value == null) return null;
        if (value instanceof JAXBElement<?> e) return e.isNil() ? null : write(e.getValue());
        if (value instanceof String s) return NODES.stringNode(s);
        if (value instanceof Boolean b) return NODES.booleanNode(b);
        if (value instanceof Integer i) return NODES.numberNode(i);
        if (value instanceof Long l) return NODES.numberNode(l);
        if (value instanceof Short s) return NODES.numberNode(s);
        if (value instanceof BigInteger b) return NODES.numberNode(b);
        // as a JSON client reads a decimal: OCPP decimals are small (one fraction digit)
        if (value instanceof BigDecimal d) return NODES.numberNode(d.doubleValue());
        if (value instanceof Double d) return NODES.numberNode(d);
        if (value instanceof Float f) return NODES.numberNode(f);
        if (value instanceof XMLGregorianCalendar c) return NODES.stringNode(instant(c).toString());
        if (value instanceof Enum<?> e) return NODES.stringNode(enumValue(e));
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            for (Object item : list) {
                JsonNode n = write(item);
                if (n != null) array.add(n);
            }
            return array.isEmpty() ? null : array;
        }
        ObjectNode object = NODES.objectNode();
        for (Property p : PROPERTIES.get(value.getClass())) {
            try {
                JsonNode n = write(p.field().get(value));
                if (n != null) object.set(p.name(), n);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return object;
    }

    /** An XML dateTime as an instant; one without a time zone is taken as UTC. */
    public static Instant instant(XMLGregorianCalendar c) {
        if (c.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            c = (XMLGregorianCalendar) c.clone();
            c.setTimezone(0);
        }
        return c.toGregorianCalendar().toInstant();
    }

    /** An instant as an XML dateTime in UTC, to the millisecond. */
    public static XMLGregorianCalendar calendar(Instant instant) {
        var calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return DATATYPES.newXMLGregorianCalendar(calendar);
    }

    private static String enumValue(Enum<?> e) {
        try {
            Method value = e.getDeclaringClass().getMethod("value");
            return (String) value.invoke(e);
        } catch (ReflectiveOperationException | ClassCastException ex) {
            return e.name();
        }
    }

    // --- reading

    private static Object read(JsonNode json, Type type, String path) {
        if (json == null || json.isNull() || json.isMissingNode()) return null;
        Class<?> raw = raw(type);
        if (raw == String.class) {
            if (!json.isValueNode()) throw mismatch(path, "a string", json);
            return json.asString();
        }
        if (raw == int.class || raw == Integer.class) return number(json, path).intValueExact();
        if (raw == long.class || raw == Long.class) return number(json, path).longValueExact();
        if (raw == short.class || raw == Short.class) return number(json, path).shortValueExact();
        if (raw == BigInteger.class) return number(json, path).toBigIntegerExact();
        if (raw == BigDecimal.class) return number(json, path);
        if (raw == double.class || raw == Double.class) return number(json, path).doubleValue();
        if (raw == float.class || raw == Float.class) return number(json, path).floatValue();
        if (raw == boolean.class || raw == Boolean.class) {
            if (!json.isBoolean()) throw mismatch(path, "true or false", json);
            return json.booleanValue();
        }
        if (raw == XMLGregorianCalendar.class) {
            if (!json.isString()) throw mismatch(path, "a date-time string", json);
            return calendar(parseInstant(json.asString(), path));
        }
        if (raw.isEnum()) {
            if (!json.isString()) throw mismatch(path, "a string", json);
            return enumOf(raw, json.asString(), path);
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            var list = new ArrayList<>();
            if (json.isArray()) {
                for (int i = 0; i < json.size(); i++) list.add(read(json.get(i), item, path + "[" + i + "]"));
            } else {
                list.add(read(json, item, path + "[0]"));
            }
            return list;
        }
        if (raw == JAXBElement.class) throw new IllegalArgumentException(path + ": nillable elements are not supported");
        if (!json.isObject()) throw mismatch(path, "an object", json);
        return bean(json, raw, path);
    }

    private static Object bean(JsonNode json, Class<?> type, String path) {
        Object bean;
        try {
            bean = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(path + ": cannot create " + type.getSimpleName(), e);
        }
        Map<String, Property> byName = new LinkedHashMap<>();
        PROPERTIES.get(type).forEach(p -> byName.put(p.name(), p));
        for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Property p = byName.get(entry.getKey());
            String at = path + "." + entry.getKey();
            if (p == null) throw new IllegalArgumentException(at + ": no such field in " + type.getSimpleName());
            Object value = read(entry.getValue(), p.field().getGenericType(), at);
            if (value == null && p.field().getType().isPrimitive()) continue;
            try {
                p.field().set(bean, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return bean;
    }

    private static BigDecimal number(JsonNode json, String path) {
        if (!json.isNumber()) throw mismatch(path, "a number", json);
        try {
            return json.decimalValue();
        } catch (RuntimeException e) {
            throw mismatch(path, "a number", json);
        }
    }

    private static Object enumOf(Class<?> type, String value, String path) {
        try {
            return type.getMethod("fromValue", String.class).invoke(null, value);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(path + ": '" + value + "' is not a " + type.getSimpleName() + " value");
        } catch (ReflectiveOperationException e) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(value)) return constant;
            }
            throw new IllegalArgumentException(path + ": '" + value + "' is not a " + type.getSimpleName() + " value");
        }
    }

    /** An ISO-8601 date-time; one without an offset is taken as UTC. */
    public static Instant parseInstant(String text, String path) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(path + ": '" + text + "' is not a date-time");
            }
        }
    }

    private static IllegalArgumentException mismatch(String path, String expected, JsonNode found) {
        return new IllegalArgumentException(path + ": expected " + expected + ", found " + found);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalArgumentException("unsupported type " + type);
    }

    private static String xmlName(Field f) {
        XmlElement element = f.getAnnotation(XmlElement.class);
        if (element != null && !"##default".equals(element.name())) return element.name();
        XmlAttribute attribute = f.getAnnotation(XmlAttribute.class);
        if (attribute != null && !"##default".equals(attribute.name())) return attribute.name();
        return f.getName();
    }
}

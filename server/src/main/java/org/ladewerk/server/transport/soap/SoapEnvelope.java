package org.ladewerk.server.transport.soap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What the SOAP router needs to know of a message before the SOAP stack sees it: the SOAP version,
 * the header blocks' text and the payload element of the body. Reads the whole document, so a
 * message that is not well-formed XML is found here. DTDs and external entities are refused.
 */
record SoapEnvelope(String soapNamespace, Map<QName, String> headers, QName payload) {

    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WSA = "http://www.w3.org/2005/08/addressing";

    /** The message is not a SOAP envelope that can be routed; the text says why. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason);
        }
    }

    private static final XMLInputFactory FACTORY = factory();

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    String header(QName name) {
        return headers.get(name);
    }

    /** WS-Addressing MessageID of the message, if it had one: our own faults relate to it. */
    String messageId() {
        return headers.get(new QName(WSA, "MessageID"));
    }

    static SoapEnvelope parse(byte[] body) throws Malformed {
        if (body.length == 0) throw new Malformed("empty request: a SOAP 1.2 envelope was expected");
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            if (r.nextTag() != XMLStreamConstants.START_ELEMENT || !"Envelope".equals(r.getLocalName())
                    || !(SOAP12.equals(r.getNamespaceURI()) || SOAP11.equals(r.getNamespaceURI())))
                throw new Malformed("not a SOAP envelope: the document element is " + r.getName());
            String soap = r.getNamespaceURI();
            Map<QName, String> headers = new HashMap<>();
            QName payload = null;
            boolean inBody = false;
            int depth = 1;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2) {
                        if (!soap.equals(r.getNamespaceURI())) throw new Malformed("unexpected element " + r.getName() + " in the SOAP envelope");
                        inBody = "Body".equals(r.getLocalName());
                    } else if (depth == 3 && inBody && payload == null) {
                        payload = r.getName();
                    } else if (depth == 3 && !inBody) {
                        QName name = r.getName();
                        String text = text(r);
                        depth--;
                        headers.putIfAbsent(name, text);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if (payload == null) throw new Malformed("the SOAP body is empty: an OCPP request element was expected");
            return new SoapEnvelope(soap, headers, payload);
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ")";
            throw new Malformed("malformed XML" + where + ": " + reason(e));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader over a byte array
                }
            }
        }
    }

    /** The text of a header block: its own text, or the text of its first child (wsa:From/wsa:Address). */
    private static String text(XMLStreamReader r) throws XMLStreamException {
        var own = new StringBuilder();
        var first = new StringBuilder();
        int depth = 1;
        int children = 0;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (++depth == 2) children++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if (depth == 1) own.append(r.getText());
                else if (depth == 2 && children == 1) first.append(r.getText());
            }
        }
        String text = own.toString().strip();
        return text.isEmpty() ? first.toString().strip() : text;
    }

    private static String reason(XMLStreamException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = m.indexOf("Message: ");
        return (at >= 0 ? m.substring(at + 9) : m).strip();
    }

    /** A SOAP 1.2 fault (or 1.1, answering a 1.1 envelope) with its reason, relating to the request's MessageID when known. */
    static byte[] fault(String soapNamespace, boolean sender, String reason, String relatesTo) {
        boolean v11 = SOAP11.equals(soapNamespace);
        String ns = v11 ? SOAP11 : SOAP12;
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<soap:Envelope xmlns:soap=\"").append(ns).append("\"");
        if (relatesTo != null) xml.append(" xmlns:wsa=\"").append(WSA).append("\"");
        xml.append(">");
        if (relatesTo != null) {
            xml.append("<soap:Header><wsa:Action>").append(WSA).append("/soap/fault</wsa:Action><wsa:RelatesTo>")
                    .append(escape(relatesTo)).append("</wsa:RelatesTo></soap:Header>");
        }
        xml.append("<soap:Body><soap:Fault>");
        if (v11) {
            xml.append("<faultcode>soap:").append(sender ? "Client" : "Server").append("</faultcode><faultstring>")
                    .append(escape(reason)).append("</faultstring>");
        } else {
            xml.append("<soap:Code><soap:Value>soap:").append(sender ? "Sender" : "Receiver").append("</soap:Value></soap:Code>")
                    .append("<soap:Reason><soap:Text xml:lang=\"en\">").append(escape(reason)).append("</soap:Text></soap:Reason>");
        }
        xml.append("</soap:Fault></soap:Body></soap:Envelope>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String contentType(String soapNamespace) {
        return SOAP11.equals(soapNamespace) ? "text/xml; charset=UTF-8" : "application/soap+xml; charset=UTF-8";
    }

    private static String escape(String s) {
        var out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out.append(' ');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}

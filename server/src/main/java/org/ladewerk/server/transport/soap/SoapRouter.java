package org.ladewerk.server.transport.soap;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.ladewerk.ocpp.soap.SoapVersion;
import org.ladewerk.server.event.EventBus;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.station.StationAdmission;
import org.ladewerk.server.station.StationAdmission.Admission;
import org.ladewerk.server.station.StationAdmission.Verdict;
import org.ladewerk.server.transport.UriPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * In front of the SOAP stack on every SOAP URL: reads the request (up to a bounded size), finds the
 * OCPP version from the namespace of the body's payload element, checks the chargeBoxIdentity header
 * and the station's admission (unknown-station policy, HTTP Basic password), then forwards to that
 * version's endpoint. What cannot be routed is answered here with a SOAP fault stating the reason:
 * too large, malformed XML, no SOAP envelope, unknown namespace, missing chargeBoxIdentity, unknown
 * or unauthorised station. Schema validation of the payload is the SOAP stack's, behind this.
 */
final class SoapRouter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(SoapRouter.class);

    private final SoapTransport transport;
    private final StationAdmission admission;
    private final EventBus events;

    SoapRouter(SoapTransport transport, StationAdmission admission, EventBus events) {
        this.transport = transport;
        this.admission = admission;
        this.events = events;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(req, res); // ?wsdl and friends on the version URLs
            return;
        }
        String soap = SoapEnvelope.SOAP12;
        if (!transport.accepting()) {
            fault(response, 503, soap, false, "the central system is shutting down, retry later", null);
            return;
        }
        int limit = transport.maxMessageBytes();
        byte[] body = readBounded(request.getInputStream(), limit);
        if (body == null) {
            fault(response, 413, soap, true, "message larger than " + limit + " bytes", null);
            return;
        }
        SoapEnvelope envelope;
        try {
            envelope = SoapEnvelope.parse(body);
        } catch (SoapEnvelope.Malformed e) {
            fault(response, 400, soap, true, e.getMessage(), null);
            return;
        }
        soap = envelope.soapNamespace();
        String relatesTo = envelope.messageId();
        String namespace = envelope.payload().getNamespaceURI();
        Optional<SoapVersion> version = SoapVersion.ofCentralSystemNamespace(namespace);
        if (version.isEmpty()) {
            String reason = SoapVersion.ofChargePointNamespace(namespace).isPresent()
                    ? "this is the central system: " + envelope.payload() + " belongs to the ChargePointService of OCPP "
                      + SoapVersion.ofChargePointNamespace(namespace).get().number()
                    : "unknown namespace '" + namespace + "' of " + envelope.payload().getLocalPart() + ": expected "
                      + SoapVersion.V1_5.centralSystemNamespace() + " (OCPP 1.5) or " + SoapVersion.V1_6.centralSystemNamespace() + " (OCPP 1.6)";
            fault(response, 400, soap, true, reason, relatesTo);
            return;
        }
        SoapVersion v = version.get();
        String pathVersion = pathVersion(request);
        if (pathVersion != null && !pathVersion.equals(v.number())) {
            fault(response, 400, soap, true, "OCPP " + v.number() + " message sent to the OCPP " + pathVersion
                    + " endpoint; use " + SoapTransport.ROUTED_PATHS.getFirst() + " for either version", relatesTo);
            return;
        }
        QName identityHeader = v.chargeBoxIdentity(true);
        String stationId = envelope.header(identityHeader);
        if (stationId == null || stationId.isBlank()) {
            fault(response, 400, soap, true, "chargeBoxIdentity header missing: the station is identified by a SOAP header "
                    + identityHeader, relatesTo);
            return;
        }
        if (stationId.length() > 255) {
            fault(response, 400, soap, true, "chargeBoxIdentity longer than 255 characters", relatesTo);
            return;
        }
        Verdict verdict = admission.admit(stationId, request.getHeader("Authorization"), request.getRemoteAddr());
        if (verdict.admission() == Admission.UNKNOWN) {
            fault(response, 404, soap, true, "unknown charge point " + stationId, relatesTo);
            return;
        }
        if (verdict.admission() == Admission.THROTTLED) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, verdict.retryAfter().toSeconds())));
            fault(response, 429, soap, true, "too many wrong passwords, retry later", relatesTo);
            return;
        }
        if (verdict.admission() == Admission.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"OCPP\", charset=\"UTF-8\"");
            fault(response, 401, soap, true, "charge point credentials missing or wrong", relatesTo);
            return;
        }
        var forwarded = new CachedBodyRequest(request, body);
        String target = SoapTransport.SERVLET_PATH + "/" + v.number();
        if (!events.wantsFrames()) {
            request.getRequestDispatcher(target).forward(forwarded, response);
            return;
        }
        // the message log and live feed see the SOAP messages as they are on the wire
        events.publish(new StationEvent.Frame(stationId, true, new String(body, StandardCharsets.UTF_8), Instant.now()));
        var captured = new ContentCachingResponseWrapper(response);
        try {
            request.getRequestDispatcher(target).forward(forwarded, captured);
        } finally {
            byte[] answer = captured.getContentAsByteArray();
            captured.copyBodyToResponse();
            if (answer.length > 0)
                events.publish(new StationEvent.Frame(stationId, false, new String(answer, StandardCharsets.UTF_8), Instant.now()));
        }
    }

    /** "1.5" or "1.6" when the request went to a version's own URL, else null. */
    private static String pathVersion(HttpServletRequest request) {
        String path;
        try {
            path = Arrays.stream(request.getRequestURI().substring(request.getContextPath().length()).split("/", -1))
                    .map(UriPath::decodeSegment).collect(Collectors.joining("/"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (SoapVersion v : SoapVersion.values()) {
            if (path.equals(SoapTransport.SERVLET_PATH + "/" + v.number())) return v.number();
        }
        return null;
    }

    private static byte[] readBounded(InputStream in, int limit) throws IOException {
        var out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > limit) return null;
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void fault(HttpServletResponse response, int status, String soap, boolean sender, String reason, String relatesTo)
            throws IOException {
        log.debug("SOAP request refused with {}: {}", status, reason);
        byte[] body = SoapEnvelope.fault(soap, sender, reason, relatesTo);
        response.setStatus(status);
        response.setContentType(SoapEnvelope.contentType(soap));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request with its body already read, for the SOAP stack behind the router. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException(); }
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

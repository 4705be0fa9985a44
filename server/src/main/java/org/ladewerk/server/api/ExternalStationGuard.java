package org.ladewerk.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.ladewerk.server.station.ExternalStations;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Keeps the station endpoints that change or command a station away from charge points Ladewerk only
 * watches (openWB): every request other than a read to {@code /api/v1/stations/{id}/...} or
 * {@code /api/v1/ChargePoint/{id}/...} for such a charge point is answered 409 with where its charge
 * mode is set instead, before any OCPP code runs.
 */
@Configuration
class ExternalStationGuard implements WebMvcConfigurer, HandlerInterceptor {

    private final ExternalStations external;

    ExternalStationGuard(ExternalStations external) {
        this.external = external;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/stations/*", "/api/v1/stations/*/**", "/api/v1/ChargePoint/*/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) return true;
        @SuppressWarnings("unchecked")
        var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables == null) return true;
        String id = variables.getOrDefault("id", variables.get("identity"));
        if (!external.isExternal(id)) return true;
        throw ApiError.conflict(id + " is an openWB charge point: read-only in Ladewerk (no OCPP commands, configuration or "
                + "registration); its charge mode is set with PUT /api/v1/site/charge-points/" + id + "/charge-mode");
    }
}

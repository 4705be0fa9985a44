package org.ladewerk.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.user.AppTokens;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two kinds of client. Integrations call the API with HTTP Basic (the configured admin) or an API key
 * in {@code X-API-Key}: stateless, and no CSRF token, since they carry their credentials themselves.
 * Operators use the web UI: a form log-in starts a session (with a timeout, {@code server.servlet.session.timeout}),
 * and the UI calls the same API with that session; any state-changing request authenticated only by
 * the session cookie must carry the CSRF token, which the UI reads from the {@code XSRF-TOKEN} cookie
 * and sends as {@code X-XSRF-TOKEN} (forms as {@code _csrf}). Health, ping, time and the API docs are open;
 * an API request without valid credentials gets 401, a UI page redirects to the log-in.
 */
@Configuration
public class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    /** Where a driver lands after logging in to the web UI: the phone-width "my charging" page. */
    static final String DRIVER_HOME = "/my.html";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Scripts, styles and data from this server only; the UI has no inline script. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    @Bean
    UserDetailsService accounts(LadewerkProperties properties, PasswordEncoder encoder, Users users) {
        var api = properties.api();
        String password = api.adminPassword();
        if ("admin".equals(password))
            log.warn("The API uses the default admin password; set LADEWERK_API_ADMIN_PASSWORD before exposing it.");
        String hash = password.startsWith("{") ? password : encoder.encode(password);
        return new Accounts(User.withUsername(api.adminUser()).password(hash).roles("ADMIN").build(), users);
    }

    /**
     * The driver app API, the part meant to face the internet: a Bearer token or a web UI session
     * (see {@link AppAuthentication}), rate limits, a CORS allow-list, and the default security
     * headers (nosniff, no-store, HSTS on TLS requests, no framing). Getting a token needs no credentials
     * beyond those in its body; the live values' WebSocket is upgraded by Jetty before this chain.
     */
    @Bean
    @Order(0)
    SecurityFilterChain app(HttpSecurity http, LadewerkProperties properties, AppTokens tokens, Users users, AppRateLimiter limits)
            throws Exception {
        http.securityMatcher("/api/app/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.OPTIONS, "/api/app/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/app/v1/tokens").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) ->
                        AppAuthentication.challenge(response, "authentication required: Authorization: Bearer <token>")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(c -> c.csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        // a Bearer token is checked whatever session comes with it (AppAuthentication): its own credentials
                        .requireCsrfProtectionMatcher(r -> authenticatedBySessionOnly(r) && !bearer(r)))
                .cors(c -> c.configurationSource(appCors(properties.app().corsOrigins())))
                .addFilterBefore(new AppAuthentication(tokens, users, properties.api().adminUser(), limits), AnonymousAuthenticationFilter.class);
        return http.build();
    }

    private static CorsConfigurationSource appCors(List<String> origins) {
        var cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins.stream().filter(o -> !o.isBlank()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        cors.setExposedHeaders(List.of("Retry-After"));
        cors.setMaxAge(Duration.ofHours(1));
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/app/**", cors);
        return source;
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, LadewerkProperties properties, LoginThrottle throttle) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/ping", "/api/v1/time", "/actuator/health/**").permitAll()
                        // the status snapshot: open when configured so (a static page reads it), its CORS preflight always
                        .requestMatchers(org.springframework.http.HttpMethod.OPTIONS, "/api/v1/status.json").permitAll()
                        .requestMatchers(properties.status().publicAccess() ? "/api/v1/status.json" : "/api/v1/ping").permitAll()
                        // users and the audit log: admins only; reading: any API role; changing: admin and operator
                        .requestMatchers("/api/v1/users/**", "/api/v1/audit/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**").hasAnyRole("ADMIN", "OPERATOR", "READER")
                        .anyRequest().hasAnyRole("ADMIN", "OPERATOR"))
                .httpBasic(b -> b.authenticationEntryPoint(new ApiChallenge()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new ApiChallenge()))
                // uses the UI's session when there is one, never starts one: Basic and key calls stay stateless
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(c -> c.csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SecurityConfig::authenticatedBySessionOnly))
                .addFilterBefore(new ApiKeyFilter(properties.api().keys()), BasicAuthenticationFilter.class)
                .addFilterBefore(new BasicAuthGuard(throttle), ApiKeyFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain ui(HttpSecurity http, LoginThrottle throttle) throws Exception {
        var tokens = new CsrfTokenRequestAttributeHandler();
        tokens.setCsrfRequestAttributeName(null); // loaded on every page, so the XSRF-TOKEN cookie is always there
        http.securityMatcher("/", "/index.html", "/my.html", "/login", "/logout", "/assets/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/assets/**").permitAll()
                        .requestMatchers(DRIVER_HOME).authenticated()
                        .anyRequest().hasAnyRole("ADMIN", "OPERATOR"))
                .formLogin(f -> f.loginPage("/login").successHandler((request, response, auth) -> response.sendRedirect(
                        auth.getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(Role.driver.authority())) ? DRIVER_HOME : "/")))
                .addFilterBefore(new FormLoginGuard(throttle), UsernamePasswordAuthenticationFilter.class)
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .csrf(c -> c.csrfTokenRepository(csrfTokens()).csrfTokenRequestHandler(tokens))
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    /** SOAP stations, the API docs, the error page: no log-in here (stations are admitted by the transport). */
    @Bean
    @Order(3)
    SecurityFilterChain other(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable());
        return http.build();
    }

    private static CookieCsrfTokenRepository csrfTokens() {
        var repository = CookieCsrfTokenRepository.withHttpOnlyFalse(); // the UI's script reads it
        repository.setCookieCustomizer(c -> c.sameSite("Strict"));
        return repository;
    }

    /**
     * A state-changing request that comes with a session cookie and no credentials of its own: a
     * browser may add the cookie to a forged cross-site request, but never an API key, and an
     * Authorization header only when it remembers Basic credentials, which the UI never gives it.
     * Without a session cookie nothing can be forged, and the request gets its 401 if it lacks credentials.
     */
    private static boolean authenticatedBySessionOnly(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod()) || request.getRequestedSessionId() == null) return false;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        return !basic && request.getHeader(ApiKeyFilter.HEADER) == null;
    }

    private static boolean bearer(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /**
     * Authenticates requests carrying one of the configured API keys. An entry {@code key:operator} or
     * {@code key:read} gives the key that role (read: GET only); a plain entry, as before roles, is admin.
     */
    static final class ApiKeyFilter extends OncePerRequestFilter {
        static final String HEADER = "X-API-Key";
        private static final Map<String, String> ROLES = Map.of("admin", "ROLE_ADMIN", "operator", "ROLE_OPERATOR", "read", "ROLE_READER");

        private record Key(byte[] bytes, String authority) {}

        private final List<Key> keys;

        ApiKeyFilter(List<String> entries) {
            this.keys = entries.stream().filter(k -> !k.isBlank()).map(ApiKeyFilter::parse).toList();
        }

        static Key parse(String entry) {
            int colon = entry.lastIndexOf(':');
            String role = colon < 0 ? null : ROLES.get(entry.substring(colon + 1).strip().toLowerCase(Locale.ROOT));
            String key = role == null ? entry : entry.substring(0, colon);
            return new Key(key.getBytes(StandardCharsets.UTF_8), role == null ? "ROLE_ADMIN" : role);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String presented = request.getHeader(HEADER);
            if (presented != null) {
                byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
                var key = keys.stream().filter(k -> MessageDigest.isEqual(k.bytes(), bytes)).findFirst();
                if (key.isEmpty()) {
                    ApiChallenge.challenge(request, response, "unknown API key");
                    return;
                }
                var auth = new UsernamePasswordAuthenticationToken("api-key", null, AuthorityUtils.createAuthorityList(key.get().authority()));
                SecurityContextHolder.getContext().setAuthentication(auth);
            }
            chain.doFilter(request, response);
        }
    }
}

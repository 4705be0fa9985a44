package org.ladewerk.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.ladewerk.server.LadewerkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
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
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Scripts, styles and data from this server only; the UI has no inline script. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    @Bean
    UserDetailsService admins(LadewerkProperties properties, PasswordEncoder encoder) {
        var api = properties.api();
        String password = api.adminPassword();
        if ("admin".equals(password))
            log.warn("The API uses the default admin password; set LADEWERK_API_ADMIN_PASSWORD before exposing it.");
        String hash = password.startsWith("{") ? password : encoder.encode(password);
        return new InMemoryUserDetailsManager(User.withUsername(api.adminUser()).password(hash).roles("ADMIN").build());
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
                        .anyRequest().hasRole("ADMIN"))
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
    SecurityFilterChain ui(HttpSecurity http) throws Exception {
        var tokens = new CsrfTokenRequestAttributeHandler();
        tokens.setCsrfRequestAttributeName(null); // loaded on every page, so the XSRF-TOKEN cookie is always there
        http.securityMatcher("/", "/index.html", "/login", "/logout", "/assets/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/assets/**").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true))
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

    /** Authenticates requests carrying one of the configured API keys. */
    static final class ApiKeyFilter extends OncePerRequestFilter {
        static final String HEADER = "X-API-Key";
        private final List<byte[]> keys;

        ApiKeyFilter(List<String> keys) {
            this.keys = keys.stream().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String presented = request.getHeader(HEADER);
            if (presented != null) {
                byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
                if (keys.stream().anyMatch(k -> MessageDigest.isEqual(k, bytes))) {
                    var auth = new UsernamePasswordAuthenticationToken("api-key", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
                    SecurityContextHolder.getContext().setAuthentication(auth);
                } else {
                    ApiChallenge.challenge(request, response, "unknown API key");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}

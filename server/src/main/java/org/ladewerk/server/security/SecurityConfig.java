package org.ladewerk.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.ladewerk.server.LadewerkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
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
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API is for operators and integrations: HTTP Basic with the configured admin, or an API key in
 * {@code X-API-Key}. Stateless, so no CSRF token is involved. Health, ping, time and the API docs are open.
 */
@Configuration
public class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
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
    SecurityFilterChain api(HttpSecurity http, LadewerkProperties properties) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/ping", "/api/v1/time", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(b -> b.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .addFilterBefore(new ApiKeyFilter(properties.api().keys()), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    SecurityFilterChain other(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable());
        return http.build();
    }

    /** Authenticates requests carrying one of the configured API keys. */
    static final class ApiKeyFilter extends OncePerRequestFilter {
        private final List<byte[]> keys;

        ApiKeyFilter(List<String> keys) {
            this.keys = keys.stream().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String presented = request.getHeader("X-API-Key");
            if (presented != null) {
                byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
                if (keys.stream().anyMatch(k -> MessageDigest.isEqual(k, bytes))) {
                    var auth = new UsernamePasswordAuthenticationToken("api-key", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
                    SecurityContextHolder.getContext().setAuthentication(auth);
                } else {
                    response.sendError(HttpStatus.UNAUTHORIZED.value(), "unknown API key");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}

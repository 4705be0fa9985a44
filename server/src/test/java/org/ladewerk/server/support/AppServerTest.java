package org.ladewerk.server.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ladewerk.server.user.AppPrincipal;
import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Role;
import org.ladewerk.server.user.Scope;
import org.ladewerk.server.user.Users;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A server whose app API ({@code /api/app/v1/**}) authenticates the user named in the test header
 * {@code X-Test-User} with the scopes in {@code X-Test-Scopes} (all when absent): a stand-in for the
 * real token and log-in authentication, which sets the same {@link AppPrincipal}. Test code only.
 */
@Import(AppServerTest.TestAppAuthentication.class)
public abstract class AppServerTest extends ServerTest {

    public static final String USER = "X-Test-User";
    public static final String SCOPES = "X-Test-Scopes";

    @Autowired
    protected Users users;

    /** A driver with these tags, allowed to use every EVSE of {@code stationIds}. */
    protected AppUser driver(List<String> tags, String... stationIds) {
        return users.create(new Users.NewUser(unique("driver"), "{noop}unused", Role.driver, tags,
                Arrays.stream(stationIds).map(s -> new AppUser.ChargePointRef(s, 0)).toList()));
    }

    /** An app API request as {@code username} with the given scopes (all when none are given). */
    protected HttpRequest.Builder asUser(String username, String path, Scope... scopes) {
        var request = HttpRequest.newBuilder(api().uri(path)).header(USER, username);
        if (scopes.length > 0)
            request.header(SCOPES, Arrays.stream(scopes).map(Scope::value).collect(Collectors.joining(",")));
        return request;
    }

    @TestConfiguration
    static class TestAppAuthentication {
        @Bean
        @Order(0)
        SecurityFilterChain testApp(HttpSecurity http, Users users) throws Exception {
            http.securityMatcher("/api/app/v1/**")
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(c -> c.disable())
                    .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                    .addFilterBefore(new HeaderUser(users), BasicAuthenticationFilter.class);
            return http.build();
        }
    }

    private static final class HeaderUser extends OncePerRequestFilter {
        private final Users users;

        HeaderUser(Users users) {
            this.users = users;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String name = request.getHeader(USER);
            if (name != null) users.byUsername(name).ifPresent(user -> {
                String scopes = request.getHeader(SCOPES);
                Set<Scope> granted = scopes == null ? EnumSet.allOf(Scope.class)
                        : Arrays.stream(scopes.split(",")).map(Scope::parse).collect(Collectors.toSet());
                var principal = new AppPrincipal(user, granted, 1L);
                SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(principal, null,
                        AuthorityUtils.createAuthorityList(user.role().authority())));
            });
            chain.doFilter(request, response);
        }
    }
}

package org.ladewerk.server.security;

import org.ladewerk.server.user.AppUser;
import org.ladewerk.server.user.Users;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Who may log in to the web UI and call {@code /api/v1} with HTTP Basic: the configured admin
 * ({@code ladewerk.api.admin-user}) and every database user, with the role it has now. Passwords are
 * checked by the delegating encoder (bcrypt for users), behind {@link CachingPasswordEncoder}.
 */
final class Accounts implements UserDetailsService {

    private final UserDetails admin;
    private final Users users;

    Accounts(UserDetails admin, Users users) {
        this.admin = admin;
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        // a copy each time: Spring erases the credentials of what it authenticated
        if (admin.getUsername().equals(username)) return User.withUserDetails(admin).build();
        AppUser user = users.byUsername(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        String hash = users.passwordHash(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return User.withUsername(username).password(hash).authorities(user.role().authority()).build();
    }
}

package org.ladewerk.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ladewerk.server.support.ServerTest;
import org.ladewerk.server.user.AppUser.ChargePointRef;
import org.ladewerk.server.user.Users.NewUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

class UsersTest extends ServerTest {

    @Autowired
    Users users;

    @Test
    void createsAUserWithItsTagsAndChargePointsAndFindsItByTag() {
        String name = unique("driver");
        String tag = unique("TAG", 20);
        AppUser created = users.create(new NewUser(name, "{noop}x", Role.driver, List.of(tag),
                List.of(new ChargePointRef("CP-A", 1), new ChargePointRef("CP-B", 0))));

        assertThat(created.role()).isEqualTo(Role.driver);
        assertThat(users.ownerOfTag(tag)).map(AppUser::username).contains(name);
        assertThat(users.byUsername(name)).map(AppUser::idTags).contains(List.of(tag));
        assertThat(created.mayUse("CP-A", 1)).isTrue();
        assertThat(created.mayUse("CP-A", 2)).isFalse();
        assertThat(created.mayUse("CP-B", 7)).isTrue();
        assertThat(users.passwordHash(name)).contains("{noop}x");
    }

    @Test
    void aTagBelongsToOneUserOnly() {
        String tag = unique("TAG", 20);
        users.create(new NewUser(unique("a"), "{noop}x", Role.driver, List.of(tag), List.of()));
        String second = unique("b");
        assertThatThrownBy(() -> users.create(new NewUser(second, "{noop}x", Role.driver, List.of(tag), List.of())))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(users.byUsername(second)).isEmpty(); // rolled back as a whole
    }

    @Test
    void rolesParseInAnyCaseAndNameTheAcceptedValues() {
        assertThat(Role.parse(" Operator")).isEqualTo(Role.operator);
        assertThat(Role.driver.authority()).isEqualTo("ROLE_DRIVER");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("admin, operator, driver");
    }
}

package org.ladewerk.server.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web UI is static: {@code static/index.html} (served at {@code /}) and its ES modules under
 * {@code static/assets/}, talking to the REST API. Only the log-in page needs a route of its own.
 */
@Configuration
class UiPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/login").setViewName("forward:/login.html");
    }
}

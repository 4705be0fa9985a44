package org.ladewerk.server.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document's identity and how to authenticate: HTTP Basic (the admin) or an API key in
 * {@code X-API-Key}, declared so Swagger UI's "Authorize" fills them in and "Try it out" sends them.
 * The version is the build's (from build-info), so the document says which server it describes.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    static final String BASIC = "basic";
    static final String API_KEY = "apiKey";

    static {
        // OCPP payloads are Jackson trees: free-form JSON objects in the document. Introspected as beans
        // instead, their overloaded setters made springdoc log a stack trace each time it built the document.
        SpringDocUtils.getConfig()
                .replaceWithSchema(ObjectNode.class, new ObjectSchema().description("a JSON object (an OCPP payload)"))
                .replaceWithSchema(ArrayNode.class, new ArraySchema().items(new Schema<>()))
                .replaceWithSchema(JsonNode.class, new Schema<>().description("any JSON value"));
    }

    @Bean
    OpenAPI ladewerkOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : "development";
        return new OpenAPI()
                .info(new Info().title("Ladewerk API").version(version)
                        .description("""
                                REST API of the Ladewerk OCPP central system: stations and their live status, transactions \
                                with meter samples, id tags, reservations, charging profiles, central-system commands to \
                                stations (any OCPP 1.6 / 2.0.1 / 2.1 operation, checked against the official schemas) and \
                                live events. Authenticate with HTTP Basic (the admin user) or an API key in the X-API-Key \
                                header. Errors are answered as {"status", "error", "message"}.""")
                        .license(new License().name("See the project repository")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The admin user (ladewerk.api.admin-user / admin-password)"))
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key").description("One of ladewerk.api.keys")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }
}

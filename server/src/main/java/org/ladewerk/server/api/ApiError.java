package org.ladewerk.server.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The error body of every API failure. */
public record ApiError(int status, String error, String message) {

    static ResponseStatusException notFound(String message) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, message);
    }

    static ResponseStatusException badRequest(String message) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }

    static ResponseStatusException conflict(String message) {
        return new ResponseStatusException(HttpStatus.CONFLICT, message);
    }
}

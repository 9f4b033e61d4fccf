package io.rusm.autoconfigure.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web application with nothing of its own: everything rusm comes from the auto-configuration. */
@SpringBootApplication
public class RusmTestApplication {
}

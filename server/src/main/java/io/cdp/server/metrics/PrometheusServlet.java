package io.cdp.server.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /prometheus} on the admin port: the process's {@link PrometheusMeterRegistry} in
 * Prometheus' text format (version 0.0.4), written by the registry itself. Thread-safe.
 *
 * <pre>{@code
 * environment.admin().addServlet("prometheus", new PrometheusServlet(registry)).addMapping("/prometheus");
 * }</pre>
 */
public final class PrometheusServlet extends HttpServlet {
    /** What Prometheus expects of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient PrometheusMeterRegistry registry;

    public PrometheusServlet(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
        try (OutputStream body = response.getOutputStream()) {
            registry.scrape(body);
        }
    }
}

package io.cdp.functions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.fetch.FetchCall;
import io.cdp.functions.fetch.FetchPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The host side of {@code ctx.fetch}: checks the allow-list, sends the request with
 * {@code java.net.http} (asynchronously, so a function can await several at once), and answers
 * the response as JSON for the guest's Response object, reading at most the policy's
 * {@code maxResponseBytes} of a body. Thread-safe; one per runtime.
 */
public final class HttpFetcher implements AutoCloseable {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final FetchPolicy policy;
    private final ObjectMapper mapper;
    private final ExecutorService executor;
    private final HttpClient client;

    public HttpFetcher(FetchPolicy policy, ObjectMapper mapper) {
        this.policy = policy;
        this.mapper = mapper;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "cdp-function-fetch");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(policy.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public FetchPolicy policy() {
        return policy;
    }

    /**
     * A response, or the message of the error the guest sees: a TypeError, or a LimitExceeded when
     * {@code limit} (the response was too large).
     */
    public record Reply(String responseJson, String error, boolean limit) {
        Reply(String responseJson, String error) {
            this(responseJson, error, false);
        }
    }

    /** Null when refused (the refusal is recorded and returned through {@code refusal}). */
    public CompletableFuture<Reply> fetch(String url, String optionsJson, CallState call, String[] refusal) {
        JsonNode options = parseOptions(optionsJson);
        String method = options.path("method").asText("GET").toUpperCase(Locale.ROOT);
        String refused = policy.refusal(url);
        if (refused != null) {
            call.recordFetch(new FetchCall(method, url, 0, 0, refused));
            refusal[0] = refused;
            return null;
        }
        HttpRequest request;
        try {
            request = request(url, method, options);
        } catch (IllegalArgumentException e) {
            call.recordFetch(new FetchCall(method, url, 0, 0, e.getMessage()));
            return CompletableFuture.completedFuture(new Reply(null, e.getMessage()));
        }
        long started = System.nanoTime();
        return client.sendAsync(request, LimitedBody.handler(policy.maxResponseBytes(), url)).handle((response, failure) -> {
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (failure != null) {
                String message = describe(failure);
                call.recordFetch(new FetchCall(method, url, 0, millis, message));
                return new Reply(null, message, rootCause(failure) instanceof LimitedBody.TooLarge);
            }
            call.recordFetch(new FetchCall(method, url, response.statusCode(), millis, null));
            return new Reply(encode(url, response), null);
        });
    }

    private JsonNode parseOptions(String optionsJson) {
        try {
            JsonNode node = optionsJson == null ? null : mapper.readTree(optionsJson);
            return node == null || !node.isObject() ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private HttpRequest request(String url, String method, JsonNode options) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(policy.timeout());
        JsonNode headers = options.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!RESTRICTED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                builder.header(header.getKey(), header.getValue().asText());
            }
        }
        JsonNode body = options.get("body");
        HttpRequest.BodyPublisher publisher = body == null || body.isNull()
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : body.toString());
        return builder.method(method, publisher).build();
    }

    private String encode(String url, HttpResponse<String> response) {
        ObjectNode json = mapper.createObjectNode();
        json.put("status", response.statusCode());
        json.put("url", url);
        ObjectNode headers = json.putObject("headers");
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        json.put("body", response.body());
        return json.toString();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (rootCause(failure) instanceof LimitedBody.TooLarge tooLarge) {
            return "fetch failed: " + tooLarge.getMessage();
        }
        if (cause instanceof HttpTimeoutException) {
            return "fetch failed: no answer within " + policy.timeout().toMillis() + " ms";
        }
        return "fetch failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

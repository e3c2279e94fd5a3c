package io.cdp.functions.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as text, but never more than {@code maxBytes} of it: a body declared
 * larger (Content-Length) is refused before any of it is read, and one that grows past the limit
 * while streaming is cancelled there, so a huge answer costs at most the limit in memory. The
 * body then fails with {@link TooLarge}. One per response.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {
    /** The body passed the limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long maxBytes;
    private final long declaredBytes;
    private final Charset charset;
    private final String url;
    private Flow.Subscription subscription;

    private LimitedBody(long maxBytes, HttpResponse.ResponseInfo info, String url) {
        this.maxBytes = maxBytes;
        this.declaredBytes = info.headers().firstValueAsLong("content-length").orElse(-1);
        this.charset = charset(info.headers().firstValue("content-type").orElse(""));
        this.url = url;
    }

    /** A handler whose bodies stop at {@code maxBytes}. */
    static HttpResponse.BodyHandler<String> handler(long maxBytes, String url) {
        return info -> new LimitedBody(maxBytes, info, url);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        if (declaredBytes > maxBytes) {
            newSubscription.cancel();
            body.completeExceptionally(tooLarge());
        } else {
            newSubscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                subscription.cancel();
                body.completeExceptionally(tooLarge());
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toString(charset));
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    private TooLarge tooLarge() {
        return new TooLarge("the response of " + url + " is larger than the limit of " + maxBytes
                + " bytes (fetch response size limit)");
    }

    private static Charset charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                try {
                    return Charset.forName(trimmed.substring(8).replace("\"", "").trim());
                } catch (RuntimeException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}

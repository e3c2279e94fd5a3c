/**
 * Identity stitching: giving an identified visitor's anonymous rows its user id, at write time
 * for the batch at hand ({@link io.cdp.server.bulker.stitch.WriteTimeStitching}) and afterwards
 * for rows already stored ({@link io.cdp.server.bulker.stitch.StitchWorker}).
 *
 * <p>Uses rows ({@code bulker.read}) and the bulker's {@code Destination} and {@code Backoff};
 * never schema planning.
 */
package io.cdp.server.bulker.stitch;

package io.herald.nats;

import io.herald.webhook.DeadJob;
import io.herald.webhook.WebhookJob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A job as the payload of a JetStream message, with what the queue knows about it: attempts made,
 * when it is due (delayed retries), the last error and when it died (dead letters). Binary and
 * length-prefixed, so bodies of any size and content round-trip exactly; headers stay free for
 * NATS's own (Nats-Msg-Id).
 */
record NatsEnvelope(WebhookJob job, int attempts, long dueAtMillis, String lastError, long deadAtMillis) {

    private static final byte VERSION = 1;

    static NatsEnvelope fresh(WebhookJob job) {
        return new NatsEnvelope(job, 0, 0, null, 0);
    }

    DeadJob deadJob() {
        return new DeadJob(job, attempts, lastError, deadAtMillis);
    }

    byte[] encode() {
        var bytes = new ByteArrayOutputStream(job.body().length() + 128);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeString(out, job.id());
            writeString(out, job.appId());
            writeString(out, job.endpointUrl());
            writeString(out, job.body());
            out.writeLong(job.createdAtMillis());
            out.writeInt(attempts);
            out.writeLong(dueAtMillis);
            out.writeBoolean(lastError != null);
            if (lastError != null) {
                writeString(out, lastError);
            }
            out.writeLong(deadAtMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static NatsEnvelope decode(byte[] data) {
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown webhook message version " + version);
            }
            WebhookJob job = new WebhookJob(readString(in), readString(in), readString(in), readString(in), in.readLong());
            int attempts = in.readInt();
            long due = in.readLong();
            String error = in.readBoolean() ? readString(in) : null;
            return new NatsEnvelope(job, attempts, due, error, in.readLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a webhook job message", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}

package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.Service;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What surge detection needs of a complaint, and all that crosses the detector's internal repartition topic
 * {@value ComplaintSurgeTopology#BY_REGION_SERVICE_TOPIC}: who complained, about what, where and when. Written in a
 * small binary form (a format byte, then the fields) rather than the complaint's JSON, which made that topic the
 * detector's most expensive step. Only the detector reads and writes it.
 *
 * @param complaintId  id of the complaint, for logs
 * @param subscriberId who complained (counted once per bucket)
 * @param region       region of the complaint
 * @param service      service complained about
 * @param time         when the customer complained
 * @param source       partition of customer.complaints.v1 the complaint was read from (-1 when unknown), so that
 *                     the surge stage can tell how far each source has progressed
 */
record ComplaintSighting(String complaintId, String subscriberId, String region, Service service, Instant time,
                         int source) {

    static final int UNKNOWN_SOURCE = -1;
    private static final byte FORMAT_V1 = 1;
    private static final byte FORMAT_V2 = 2;
    private static final Service[] SERVICES = Service.values();

    static ComplaintSighting of(CustomerComplaint complaint, int source) {
        return new ComplaintSighting(complaint.complaintId(), complaint.subscriberId(), complaint.region(),
                complaint.service(), complaint.time(), source);
    }

    /** Serde of the binary form; the service is written by its name, so adding a service never shifts others. */
    static Serde<ComplaintSighting> serde() {
        Serializer<ComplaintSighting> serializer = (topic, sighting) -> sighting == null ? null : write(sighting);
        Deserializer<ComplaintSighting> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] write(ComplaintSighting sighting) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V2);
            out.writeUTF(sighting.complaintId());
            out.writeUTF(sighting.subscriberId());
            out.writeUTF(sighting.region());
            out.writeUTF(sighting.service().name());
            out.writeLong(sighting.time().getEpochSecond());
            out.writeInt(sighting.time().getNano());
            out.writeInt(sighting.source());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static ComplaintSighting read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1 && format != FORMAT_V2) {
                throw new IllegalArgumentException("unknown complaint sighting format " + format);
            }
            String complaintId = in.readUTF();
            String subscriberId = in.readUTF();
            String region = in.readUTF();
            Service service = Service.valueOf(in.readUTF());
            Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int source = format == FORMAT_V2 ? in.readInt() : UNKNOWN_SOURCE;
            return new ComplaintSighting(complaintId, subscriberId, region, service, time, source);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable complaint sighting", e);
        }
    }
}

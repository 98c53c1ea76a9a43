package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.Service;
import io.faultline.detector.detection.AlarmDecision;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Detector business metrics: outages by status, alarms by outcome, complaints by region and service. */
@Component
class MicrometerDetectorMetrics implements DetectorMetrics {

    private final MeterRegistry registry;

    MicrometerDetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void outageEvent(OutageEvent event) {
        registry.counter("faultline.outages.events", "status", event.status().name(),
                "severity", event.outage().severity().name()).increment();
    }

    @Override
    public void alarm(AlarmDecision.Outcome outcome) {
        registry.counter("faultline.alarms.processed", "outcome", outcome.name()).increment();
    }

    @Override
    public void duplicateAlarm() {
        registry.counter("faultline.alarms.processed", "outcome", "DUPLICATE").increment();
    }

    @Override
    public void complaintTooLate(String region, Service service) {
        registry.counter("faultline.complaints.too.late", "region", region, "service", service.name()).increment();
    }

    @Override
    public void complaint(CustomerComplaint complaint) {
        registry.counter("faultline.complaints.received", "region", complaint.region(),
                "service", complaint.service().name()).increment();
    }
}

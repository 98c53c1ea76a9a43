package io.faultline.detector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Detects outages from network alarms, topology and customer complaints; publishes them on outages.v1. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DetectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(DetectorApplication.class, args);
    }
}

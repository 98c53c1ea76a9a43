package io.faultline.compensation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Compensation service: keeps a copy of the subscriber base from {@code subscribers.v1}, grants credits under the
 * configured policy when an outage on {@code outages.v1} is resolved, books them in the PostgreSQL ledger and
 * publishes them to {@code credits.v1}.
 */
@SpringBootApplication
@EnableScheduling
public class CompensationApplication {

    public static void main(String[] args) {
        SpringApplication.run(CompensationApplication.class, args);
    }
}

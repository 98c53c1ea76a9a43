package io.faultline.detector.noc;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers the NOC API's refusals as RFC 9457 problems, with {@code Retry-After} on a temporary 503. */
@RestControllerAdvice(assignableTypes = NocOutageController.class)
class NocApiExceptionHandler {

    @ExceptionHandler(NocApiException.class)
    ResponseEntity<ProblemDetail> refused(NocApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        if (e.host() != null) {
            problem.setProperty("host", e.host());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        return response.body(problem);
    }
}

package io.faultline.compensation.billing;

import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Held invoices for care and finance ({@code /api/finance/invoice-holds}, roles {@code FINANCE} or {@code CARE}):
 * list them, and release one after contacting the customer, as it was or adjusted to a lower total.
 */
@RestController
@RequestMapping("/api/finance/invoice-holds")
public class InvoiceHoldController {

    /** A release: why (required, recorded) and, to adjust, the total to send in minor units. */
    public record ReleaseRequest(String reason, Long amountMinor) {
    }

    private final BillShockService billShock;
    private final InvoiceBook book;

    public InvoiceHoldController(BillShockService billShock, InvoiceBook book) {
        this.billShock = billShock;
        this.book = book;
    }

    /** Invoices on hold, oldest hold first. */
    @GetMapping
    public List<InvoiceBook.Entry> held() {
        return book.held();
    }

    /** One invoice the guard saw. */
    @GetMapping("/{invoiceId}")
    public InvoiceBook.Entry invoice(@PathVariable String invoiceId) {
        return book.find(invoiceId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no invoice " + invoiceId));
    }

    /** Releases a held invoice; the same release again answers the recorded one, another total is a 409. */
    @PostMapping("/{invoiceId}/release")
    public InvoiceBook.Entry release(@PathVariable String invoiceId, @RequestBody ReleaseRequest request,
                                     Principal user) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "reason is required: it is recorded with the"
                    + " release");
        }
        BillShockService.Release release = billShock.release(invoiceId, request.amountMinor(), user.getName(),
                request.reason().strip());
        return switch (release.outcome()) {
            case RELEASED, ALREADY_RELEASED -> release.invoice();
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no invoice " + invoiceId);
            case NOT_HELD -> throw new ResponseStatusException(HttpStatus.CONFLICT, "invoice " + invoiceId
                    + " is not held");
            case INVALID_AMOUNT -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "amountMinor must be"
                    + " between 0 and the held total " + release.invoice().amountMinor()
                    + ": an adjustment only lowers an invoice");
            case CONFLICT -> throw new ResponseStatusException(HttpStatus.CONFLICT, "invoice " + invoiceId
                    + " was already released at " + release.invoice().releasedAmountMinor() + " by "
                    + release.invoice().releasedBy() + ": " + release.invoice().releaseReason());
        };
    }
}

package io.faultline.compensation.finance;

import io.faultline.platform.security.ApiUsers;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the finance and care API ({@code faultline.compensation.finance.*}).
 *
 * @param users who may call it: the role {@code FINANCE} reads everything and decides approvals, the role
 *              {@code CARE} reads the credits of a subscriber
 */
@ConfigurationProperties("faultline.compensation.finance")
public record FinanceProperties(@DefaultValue List<ApiUsers.User> users) {
}

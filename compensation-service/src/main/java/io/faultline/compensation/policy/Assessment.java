package io.faultline.compensation.policy;

import java.util.Optional;

/**
 * The outcome of one policy for one line: an award, or why there is none (for previews and for care).
 *
 * @param award   what is granted, or null
 * @param whyNot  why nothing is granted, or null
 */
public record Assessment(Award award, String whyNot) {

    static Assessment granted(Award award) {
        return new Assessment(award, null);
    }

    static Assessment none(String why) {
        return new Assessment(null, why);
    }

    public Optional<Award> granted() {
        return Optional.ofNullable(award);
    }
}

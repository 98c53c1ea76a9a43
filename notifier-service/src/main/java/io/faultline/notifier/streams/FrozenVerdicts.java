package io.faultline.notifier.streams;

import java.util.Map;

/**
 * What the whole-base lanes that had already passed a subscriber told them, frozen when the subscriber's record
 * changed (or first arrived) while the episode was open: the lane judged them as they were then, so the new
 * record must not be judged again by those lanes. A subscriber who joins after a lane passed their id was told
 * nothing by it.
 *
 * @param toldByVersion for each lane (by the version it tells) that had reached the subscriber, whether it told
 *                      them
 */
record FrozenVerdicts(Map<Long, Boolean> toldByVersion) {

    FrozenVerdicts {
        toldByVersion = Map.copyOf(toldByVersion);
    }
}

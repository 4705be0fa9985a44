package org.ladewerk.simulator.link;

/**
 * A handler's answer to a central-system call with what the station does next: {@code then} runs
 * once the answer is on its way, so e.g. a Reset is answered before the station reboots.
 */
public record Reply(Object payload, Runnable then) {
}

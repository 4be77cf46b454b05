package io.relo.bench.forwarding;

/**
 * A thread that was alive during a run, with what it did and how it idled, so every figure carries its thread count.
 *
 * @param name         thread name.
 * @param role         what it ran.
 * @param idleStrategy Agrona idle strategy, or how the thread waited.
 * @param spins        true when it never gives up its core (busy spin).
 */
public record ThreadRole(String name, String role, String idleStrategy, boolean spins)
{
}

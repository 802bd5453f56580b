package dev.jgrad.spi;

/** What {@link Backend#random} draws; see {@link Philox} for the exact numbers. */
public enum RandomKind {
    /** U[0, 1) */
    UNIFORM,
    /** N(0, 1) */
    NORMAL
}

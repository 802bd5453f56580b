/**
 * The backend conformance suite: abstract JUnit 5 classes, one area each, that every backend must
 * pass. A backend's test module depends on {@code jgrad-core}'s test-jar and extends each class with
 * a one-line subclass naming its device:
 *
 * <pre>{@code
 * class CudaMatmulTest extends MatmulConformance {
 *     @Override protected Device device() { return Device.cuda(); }
 * }
 * }</pre>
 *
 * <p>Each test runs with that device as the thread's default and is skipped, with the backend's own
 * reason, when the device is unavailable. Expected values come only from the worked numbers,
 * hand derivations in comments, plain double-precision loops in the tests, F64 finite differences
 * ({@link dev.jgrad.GradCheck}) or, for randomness, the {@link dev.jgrad.spi.Philox} reference.
 *
 * <p>Areas: {@link dev.jgrad.conformance.SeedExamplesConformance} (issue 2's worked examples),
 * {@link dev.jgrad.conformance.ElementwiseConformance}, {@link dev.jgrad.conformance.ReductionConformance},
 * {@link dev.jgrad.conformance.MatmulConformance}, {@link dev.jgrad.conformance.ShapeConformance},
 * {@link dev.jgrad.conformance.NonDifferentiableOpsConformance}, {@link dev.jgrad.conformance.GradCheckConformance},
 * {@link dev.jgrad.conformance.AutogradConformance}, {@link dev.jgrad.conformance.RandomConformance},
 * {@link dev.jgrad.conformance.MemoryConformance}, {@link dev.jgrad.conformance.BadInputConformance},
 * {@link dev.jgrad.conformance.TraceConformance} and {@link dev.jgrad.conformance.CrossBackendConformance}
 * (a non-CPU backend against the CPU reference).
 */
package dev.jgrad.conformance;

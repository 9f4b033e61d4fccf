package io.rusm.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A static method called through a handle the JIT compiler cannot see through, so that the call is
 * never inlined into its caller. For the code a waiting process resumes in. Not part of the rusm API.
 *
 * <h2>Design note</h2>
 * A process that waits is a virtual thread whose frames are frozen in whatever compiled code it was
 * running when it parked, and it resumes in that same code. The compiler leaves out what its profile
 * says has never happened (a branch never taken, an exception handler never entered, a call site never
 * linked), putting an uncommon trap in its place; a frame that reaches one deoptimizes. Recompiling
 * fixes the code that new waiters park in, never the frames already frozen. So when a million processes
 * that parked before any of them was ever killed are killed together, each one deoptimizes on its own:
 * measured, 98% of 1,000,000 waiters killed in a fresh JVM, at some 10 to 20 microseconds apiece, most of
 * the time the kill took.
 *
 * <p>The cure is to keep what a kill does differently out of the frozen frames: the code between the
 * park and the end of the process body has no branch and no handler that only a kill takes, and makes
 * its decisions in methods called through an {@code OutOfLine}. Its handle sits in a field that is not
 * final, so the compiler cannot treat it as a constant and the call stays a call: the method is compiled
 * on its own, deoptimizes a few times at the first mass kill, is recompiled, and every frame, whatever
 * code it froze in, calls the current version. The call costs a few nanoseconds more than an inlined
 * one, paid once per wake-up or exit, next to the microseconds of the wake-up itself.
 */
public final class OutOfLine {

  private interface Invoker<X extends Throwable> {
    Object invoke(MethodHandle target, Object a, Object b, Object c, long x, long y) throws X;
  }

  // The one call site every OutOfLine goes through. invokeExact declares Throwable; the cast lets a
  // target's checked exception pass through callers that declare it, with no handler in between (a
  // handler never entered would itself be a trap).
  @SuppressWarnings("unchecked")
  private static final Invoker<RuntimeException> INVOKER =
      (Invoker<RuntimeException>) (Invoker<?>) (Invoker<Throwable>)
          (t, a, b, c, x, y) -> t.invokeExact(a, b, c, x, y);

  private static final int REFERENCES = 3;
  private static final int LONGS = 2;
  private static final MethodType SHAPE = MethodType.methodType(Object.class, Object.class,
      Object.class, Object.class, long.class, long.class);

  static {
    // One call now links the call site: a site first linked after the code around it was compiled is
    // a trap too.
    INVOKER.invoke(MethodHandles.dropArguments(MethodHandles.constant(Object.class, null), 0,
        SHAPE.parameterList()), null, null, null, 0, 0);
  }

  // Deliberately not final (see the class comment); written once, in the constructor.
  private MethodHandle target;

  /**
   * @param lookup a lookup with access to the method
   * @param owner the class that declares it
   * @param name its name
   * @param type its type: static, with at most three parameters of reference types followed by at most
   *     two {@code long}s
   * @throws IllegalArgumentException if there is no such method or its parameters are not of that shape
   */
  public OutOfLine(MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType type) {
    int count = type.parameterCount();
    int longs = 0;
    while (longs < count && type.parameterType(count - 1 - longs) == long.class) {
      longs++;
    }
    int references = count - longs;
    if (references > REFERENCES || longs > LONGS || type.parameterList().subList(0, references)
        .stream().anyMatch(Class::isPrimitive)) {
      throw new IllegalArgumentException(name + " does not take up to three references and two longs: "
          + type);
    }
    MethodHandle h;
    try {
      h = lookup.findStatic(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no static " + name + type + " in " + owner.getName(), e);
    }
    if (type.returnType() == void.class) {
      h = MethodHandles.filterReturnValue(h, MethodHandles.constant(Object.class, null));
    }
    if (references < REFERENCES) {
      h = MethodHandles.dropArguments(h, references,
          SHAPE.parameterList().subList(references, REFERENCES));
    }
    if (longs < LONGS) {
      h = MethodHandles.dropArguments(h, REFERENCES + longs,
          SHAPE.parameterList().subList(REFERENCES + longs, REFERENCES + LONGS));
    }
    this.target = h.asType(SHAPE);
  }

  /**
   * Calls the method with up to two arguments ({@code null} for those it does not take), letting any
   * exception it throws, checked or not, pass to the caller.
   */
  public Object call(Object a, Object b) {
    return INVOKER.invoke(target, a, b, null, 0, 0);
  }

  /**
   * Calls the method with up to three references and two {@code long}s ({@code null} and 0 for those it
   * does not take), letting any exception it throws, checked or not, pass to the caller.
   */
  public Object call(Object a, Object b, Object c, long x, long y) {
    return INVOKER.invoke(target, a, b, c, x, y);
  }
}

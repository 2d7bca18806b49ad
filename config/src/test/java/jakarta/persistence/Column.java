package jakarta.persistence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Test stand-in for JPA's annotation of the same name, so the tests need no JPA jar. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD})
public @interface Column {
  String name() default "";

  String table() default "";
  boolean nullable() default true;
  int length() default 255;
}

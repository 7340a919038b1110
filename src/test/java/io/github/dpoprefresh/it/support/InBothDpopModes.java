package io.github.dpoprefresh.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A suite that runs twice, with Keycloak's {@code dpop} feature on and off: the class gets the mode in a
 * {@code @Parameter DpopFeature} field, and sets up per mode in a {@code @BeforeParameterizedClassInvocation} method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@EnumSource(DpopFeature.class)
public @interface InBothDpopModes {
}

package dev.descent.optim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns an options record into named numbers and back, so that a state dict carries every hyper-parameter of every
 * group without each optimizer writing that code: components are read by name, booleans become 0 / 1, and decoding
 * goes through the canonical constructor, which checks each value.
 */
final class OptionsCodec {
    private OptionsCodec() {
    }

    static Map<String, Double> encode(Hyperparameters<?> options) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (RecordComponent c : components(options.getClass())) {
            Object v;
            try {
                v = c.getAccessor().invoke(options);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + options, e);
            }
            out.put(c.getName(), v instanceof Boolean b ? (b ? 1.0 : 0.0) : (Double) v);
        }
        return out;
    }

    /** Builds the options from {@code scalars.get(prefix + name)} for every component; adds the keys read to used. */
    static <O> O decode(Class<O> type, String prefix, Map<String, Double> scalars, Set<String> used) {
        RecordComponent[] cs = components(type);
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            String key = prefix + cs[i].getName();
            Double v = scalars.get(key);
            if (v == null) {
                throw new IllegalArgumentException("state dict has no entry " + key);
            }
            used.add(key);
            types[i] = cs[i].getType();
            if (types[i] == boolean.class) {
                if (v != 0.0 && v != 1.0) {
                    throw new IllegalArgumentException("state dict entry " + key + " must be 0 or 1, got " + v);
                }
                args[i] = v == 1.0;
            } else {
                args[i] = v;
            }
        }
        try {
            Constructor<O> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("state dict entries " + prefix + "*: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static RecordComponent[] components(Class<?> type) {
        RecordComponent[] cs = type.getRecordComponents();
        if (cs == null) {
            throw new IllegalStateException(type.getName() + " must be a record of doubles and booleans");
        }
        for (RecordComponent c : cs) {
            if (c.getType() != double.class && c.getType() != boolean.class) {
                throw new IllegalStateException(type.getName() + "." + c.getName() + " must be double or boolean");
            }
        }
        return cs;
    }
}

package dev.jgrad;

import dev.jgrad.spi.Backend;
import dev.jgrad.spi.BackendProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** Finds backend providers with ServiceLoader and keeps one open backend per device. */
final class Backends {
    private static final Logger LOG = Logger.getLogger("dev.jgrad");
    private static final Map<String, BackendProvider> PROVIDERS = loadProviders();
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();
    private static volatile Device processDefault;

    private Backends() {
    }

    private static Map<String, BackendProvider> loadProviders() {
        Map<String, BackendProvider> found = new HashMap<>();
        for (ServiceLoader.Provider<BackendProvider> p : ServiceLoader.load(BackendProvider.class).stream().toList()) {
            try {
                BackendProvider provider = p.get();
                found.putIfAbsent(provider.deviceType(), provider);
            } catch (RuntimeException | LinkageError e) {
                LOG.warning("jgrad: backend provider " + p.type().getName() + " failed to load: " + e);
            }
        }
        return found;
    }

    /** Null when {@code d} is usable; otherwise why not. Never throws. */
    static String unavailableReason(Device d) {
        BackendProvider p = PROVIDERS.get(d.type());
        if (p == null) {
            String jar = d.isCpu() ? "jgrad-cpu" : "jgrad-cuda";
            return "no " + d.type() + " backend on the classpath (add " + jar + ")";
        }
        try {
            String why = p.unavailableReason();
            if (why != null) {
                return why;
            }
            if (d.ordinal() >= p.deviceCount()) {
                return d + " does not exist: " + p.deviceCount() + " " + d.type() + " device(s) found";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return d.type() + " backend failed its availability probe: " + e;
        }
    }

    /** The backend serving {@code d}, opened on first use. */
    static Backend of(Device d) {
        Backend be = OPEN.get(d);
        if (be != null) {
            return be;
        }
        synchronized (OPEN) {
            be = OPEN.get(d);
            if (be == null) {
                String why = unavailableReason(d);
                if (why != null) {
                    throw new BackendUnavailableException("device " + d + " is unavailable: " + why);
                }
                try {
                    be = PROVIDERS.get(d.type()).open(d.ordinal());
                } catch (BackendUnavailableException e) {
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    throw new BackendUnavailableException("device " + d + " failed to open: " + e, e);
                }
                OPEN.put(d, be);
            }
            return be;
        }
    }

    /** -Djgrad.device, else CUDA when usable, else CPU; decided once per process. */
    static Device processDefaultDevice() {
        Device d = processDefault;
        if (d == null) {
            synchronized (Backends.class) {
                d = processDefault;
                if (d == null) {
                    d = chooseDefault();
                    processDefault = d;
                }
            }
        }
        return d;
    }

    private static Device chooseDefault() {
        String configured = System.getProperty("jgrad.device");
        if (configured != null && !configured.isBlank()) {
            return Device.parse(configured);
        }
        if (PROVIDERS.containsKey("cuda")) {
            String why = unavailableReason(Device.cuda());
            if (why == null) {
                return Device.cuda();
            }
            LOG.info("jgrad: using cpu; CUDA unavailable: " + why);
        }
        return Device.cpu();
    }
}

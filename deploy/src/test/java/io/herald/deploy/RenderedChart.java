package io.herald.deploy;

import com.fasterxml.jackson.databind.MappingIterator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of one {@code helm template} run. Typed access binds an object to its fabric8
 * Kubernetes model class after checking its apiVersion and that every field it sets is one the
 * Kubernetes API knows.
 */
final class RenderedChart {

    private final List<Map<String, Object>> objects;

    private RenderedChart(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    static RenderedChart parse(String manifest) {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> documents = Yaml.MAPPER.readerForMapOf(Object.class).readValues(manifest)) {
            while (documents.hasNext()) {
                Map<String, Object> document = documents.next();
                if (document != null && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm rendered YAML that does not parse", e);
        }
        return new RenderedChart(objects);
    }

    List<Map<String, Object>> objects() {
        return objects;
    }

    /** "Kind/name" of every object, in rendering order. */
    List<String> kindsAndNames() {
        return objects.stream().map(object -> kind(object) + "/" + name(object)).toList();
    }

    boolean has(String kind, String name) {
        return find(kind, name).isPresent();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return objects.stream().filter(object -> kind.equals(kind(object)) && name.equals(name(object))).findFirst();
    }

    /** The object of that kind and name as a plain map; fails naming what was rendered instead. */
    Map<String, Object> object(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                "no " + kind + "/" + name + " was rendered; there are " + kindsAndNames()));
    }

    /** The object of the model class's kind and that name, checked and bound to the class. */
    <T extends HasMetadata> T get(Class<T> type, String name) {
        return bind(type, object(HasMetadata.getKind(type), name));
    }

    /** Every object of the model class's kind, checked and bound. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        String kind = HasMetadata.getKind(type);
        return objects.stream().filter(object -> kind.equals(kind(object))).map(object -> bind(type, object)).toList();
    }

    private static <T extends HasMetadata> T bind(Class<T> type, Map<String, Object> object) {
        String where = kind(object) + "/" + name(object);
        if (!HasMetadata.getApiVersion(type).equals(object.get("apiVersion"))) {
            throw new AssertionError(where + " has apiVersion " + object.get("apiVersion") + ", expected "
                    + HasMetadata.getApiVersion(type));
        }
        T model = Yaml.MODEL.convertValue(object, type);
        List<String> unknown = KubernetesFields.unknown(model);
        if (!unknown.isEmpty()) {
            throw new AssertionError(where + " sets fields Kubernetes does not know: " + unknown);
        }
        return model;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        return metadata instanceof Map<?, ?> map ? String.valueOf(((Map<String, Object>) map).get("name")) : "?";
    }

    private static String kind(Map<String, Object> object) {
        return String.valueOf(object.get("kind"));
    }
}

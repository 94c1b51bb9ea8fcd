package io.herald.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The YAML and JSON mappers of these tests. */
final class Yaml {

    static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    /** Binds plain maps to the Kubernetes model classes. */
    static final ObjectMapper MODEL = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Yaml() {}
}

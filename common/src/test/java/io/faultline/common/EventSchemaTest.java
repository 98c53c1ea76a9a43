package io.faultline.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.faultline.common.events.EventType;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.serde.CloudEventHeaders;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The JSON Schemas in {@code schemas/} and {@code docs/asyncapi.yaml} against what the code actually does: the
 * JSON that {@link EventJson} writes must validate, the schemas must require exactly what the reader requires,
 * and the AsyncAPI document must describe every topic of {@link Topics#ALL}.
 */
class EventSchemaTest {

    static final String SCHEMA_DIR = "schemas/";
    static final String ID_PREFIX = "https://faultline.io/schemas/";
    static final String EVENTS_PACKAGE = "io.faultline.common.events.";

    /** Draft 2020-12, formats (date-time, date) asserted, our $ids resolved from the classpath. */
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:" + SCHEMA_DIR)));

    static final List<String> SCHEMA_FILES = List.of("network-alarm.v1.schema.json",
            "customer-complaint.v1.schema.json", "network-element.v1.schema.json", "subscriber.v1.schema.json",
            "outage-event.v1.schema.json", "notice-receipt.v1.schema.json", "credit-granted.v1.schema.json",
            "invoice.v1.schema.json", "invoice-held.v1.schema.json", "invoice-released.v1.schema.json");

    // ------------------------------------------------------------------------------------------- helpers

    static String kebab(String simpleName) {
        return simpleName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static int versionOf(Class<?> type) {
        try {
            return ((EventType) type.getField("TYPE").get(null)).version();
        } catch (NoSuchFieldException e) {
            return 1;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static String schemaFileName(Class<?> type) {
        return kebab(type.getSimpleName()) + ".v" + versionOf(type) + ".schema.json";
    }

    static boolean schemaExists(String file) {
        return EventSchemaTest.class.getClassLoader().getResource(SCHEMA_DIR + file) != null;
    }

    /** The schema of a concrete event class: its own, else that of the sealed interface it belongs to. */
    static String schemaFileOf(Class<?> eventClass) {
        List<String> candidates = new ArrayList<>();
        candidates.add(schemaFileName(eventClass));
        for (Class<?> i : eventClass.getInterfaces()) {
            if (FaultlineEvent.class.isAssignableFrom(i) && i != FaultlineEvent.class) {
                candidates.add(schemaFileName(i));
            }
        }
        return candidates.stream().filter(EventSchemaTest::schemaExists).findFirst()
                .orElseThrow(() -> new AssertionError("no schema for " + eventClass.getName() + ", tried "
                        + candidates));
    }

    /** The schema files that describe a topic's values: the value type's own, or one per permitted subtype. */
    static Set<String> schemaFilesOfTopic(TopicSpec<?> topic) {
        Class<?> type = topic.valueType();
        if (schemaExists(schemaFileName(type))) {
            return Set.of(schemaFileName(type));
        }
        Set<String> files = new TreeSet<>();
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                files.add(schemaFileName(sub));
            }
        } else {
            files.add(schemaFileName(type));
        }
        return files;
    }

    static JsonNode schemaNode(String file) {
        try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA_DIR + file)) {
            assertThat(in).as("schema resource %s", file).isNotNull();
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema schema(String file) {
        return REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + file));
    }

    static JsonNode json(FaultlineEvent event) {
        return EventJson.readTree(EventJson.write(event));
    }

    static List<Error> validate(String file, JsonNode instance) {
        return schema(file).validate(instance);
    }

    /** Whether the reader the consumers use (EventJson with the topic's value type) accepts the JSON. */
    static boolean readerAccepts(JsonNode instance, Class<?> valueType) {
        try {
            EventJson.read(EventJson.write(instance), valueType);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    static Stream<FaultlineEvent> samples() {
        return SampleEvents.all().stream();
    }

    static Stream<String> schemaFiles() {
        return SCHEMA_FILES.stream();
    }

    // ------------------------------------------------------------------------------------------- schemas

    @Test
    void everySchemaFileIsTheSchemaOfATopicValue() {
        Set<String> described = Topics.ALL.stream().flatMap(t -> schemaFilesOfTopic(t).stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(described).containsExactlyInAnyOrderElementsOf(SCHEMA_FILES);
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyTopicValueTypeHasASchemaFile(TopicSpec<?> topic) {
        assertThat(schemaFilesOfTopic(topic)).isNotEmpty().allSatisfy(file -> assertThat(schemaExists(file))
                .as("schema %s of the values of %s", file, topic.name()).isTrue());
    }

    static Stream<TopicSpec<?>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void schemaIsAValidDraft202012SchemaWithItsId(String file) {
        JsonNode node = schemaNode(file);
        assertThat(node.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(node.path("$id").asString()).isEqualTo(ID_PREFIX + file);
        assertThat(node.path("title").asString()).isNotBlank();
        assertThat(node.path("description").asString()).isNotBlank();
        assertThat(node.path("additionalProperties").asBoolean(true))
                .as("readers ignore unknown properties: the schema must allow them").isTrue();

        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(node)).as("%s against the 2020-12 meta-schema", file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleSerializedByEventJsonValidatesAgainstItsSchema(FaultlineEvent sample) {
        String file = schemaFileOf(sample.getClass());
        assertThat(validate(file, json(sample))).as("%s against %s", EventJson.writeString(sample), file).isEmpty();
    }

    @Test
    void everyOutageStageValidatesAgainstTheOutageSchema() {
        assertThat(SampleEvents.outageEvents()).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.values());
        for (OutageEvent event : SampleEvents.outageEvents()) {
            assertThat(validate("outage-event.v1.schema.json", json(event))).as(event.status().name()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void removingARequiredFieldFailsValidationAndReading(FaultlineEvent sample) {
        String file = schemaFileOf(sample.getClass());
        Class<?> valueType = SampleEvents.topicOf(sample).valueType();
        JsonNode required = schemaNode(file).path("required");
        assertThat(required.isArray() && !required.isEmpty()).as("%s lists required fields", file).isTrue();
        for (JsonNode field : required) {
            ObjectNode without = (ObjectNode) json(sample);
            assertThat(without.remove(field.asString())).as("sample has %s", field).isNotNull();
            assertThat(validate(file, without)).as("%s without %s", file, field).isNotEmpty();
            assertThat(readerAccepts(without, valueType)).as("reader accepts %s without %s", file, field).isFalse();
        }
    }

    @Test
    void aResolvedOutageWithoutEndFailsValidation() {
        ObjectNode resolved = (ObjectNode) json(SampleEvents.outageResolved());
        ((ObjectNode) resolved.get("outage")).putNull("endedAt");
        assertThat(validate("outage-event.v1.schema.json", resolved)).isNotEmpty();
        ((ObjectNode) resolved.get("outage")).remove("endedAt");
        assertThat(validate("outage-event.v1.schema.json", resolved)).isNotEmpty();

        // while an open stage may have no end
        ObjectNode updated = (ObjectNode) json(SampleEvents.outageUpdated());
        assertThat(updated.get("outage").get("endedAt").isNull()).isTrue();
        assertThat(validate("outage-event.v1.schema.json", updated)).isEmpty();
    }

    @Test
    void anUnknownOutageStatusFailsValidation() {
        ObjectNode event = (ObjectNode) json(SampleEvents.outageDetected());
        event.put("status", "CANCELLED");
        assertThat(validate("outage-event.v1.schema.json", event)).isNotEmpty();
    }

    @Test
    void formatsAreAsserted() {
        ObjectNode alarm = (ObjectNode) json(SampleEvents.networkAlarm());
        alarm.put("eventTime", "yesterday at noon");
        assertThat(validate("network-alarm.v1.schema.json", alarm)).isNotEmpty();

        ObjectNode invoice = (ObjectNode) json(SampleEvents.invoice());
        invoice.put("periodEnd", "31/10/2012");
        assertThat(validate("invoice.v1.schema.json", invoice)).isNotEmpty();
    }

    @Test
    void unknownExtraPropertiesAreAllowed() {
        ObjectNode subscriber = (ObjectNode) json(SampleEvents.subscriber());
        subscriber.put("loyaltyTier", "gold");
        ((ObjectNode) subscriber.get("plan")).put("roaming", true);
        assertThat(validate("subscriber.v1.schema.json", subscriber)).isEmpty();
    }

    /**
     * The schema and the reader must agree: for every property at every depth of every sample, removing it,
     * nulling it, blanking a string, making a number negative, emptying an array or nulling an array element is
     * valid for the schema exactly when EventJson reads it.
     */
    @ParameterizedTest
    @MethodSource("samples")
    void schemaAndReaderAgreeOnEveryMutationOfTheSample(FaultlineEvent sample) {
        String file = schemaFileOf(sample.getClass());
        Class<?> valueType = SampleEvents.topicOf(sample).valueType();
        JsonNode original = json(sample);
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> mutation : mutations(original).entrySet()) {
            boolean schemaValid = validate(file, mutation.getValue()).isEmpty();
            boolean readable = readerAccepts(mutation.getValue(), valueType);
            if (schemaValid != readable) {
                disagreements.add(mutation.getKey() + ": schema " + (schemaValid ? "accepts" : "rejects")
                        + ", reader " + (readable ? "accepts" : "rejects"));
            }
        }
        assertThat(disagreements).as("%s vs %s", file, valueType.getSimpleName()).isEmpty();
    }

    static Map<String, JsonNode> mutations(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collectMutations(root, root, "", out);
        return out;
    }

    private static void collectMutations(JsonNode root, JsonNode node, String pointer, Map<String, JsonNode> out) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                String path = pointer + "/" + name;
                JsonNode value = node.get(name);
                out.put("remove " + path, mutate(root, pointer, o -> ((ObjectNode) o).remove(name)));
                if (!value.isNull()) {
                    out.put("null " + path, mutate(root, pointer, o -> ((ObjectNode) o).putNull(name)));
                }
                if (value.isString()) {
                    out.put("blank " + path, mutate(root, pointer, o -> ((ObjectNode) o).put(name, "  ")));
                }
                if (value.isIntegralNumber()) {
                    out.put("negative " + path, mutate(root, pointer, o -> ((ObjectNode) o).put(name, -1L)));
                }
                if (value.isArray() && !value.isEmpty()) {
                    out.put("empty " + path, mutate(root, pointer, o -> ((ObjectNode) o).set(name, nodes.arrayNode())));
                }
                collectMutations(root, value, path, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                int index = i;
                out.put("null element " + pointer + "/" + i,
                        mutate(root, pointer, a -> ((ArrayNode) a).setNull(index)));
                collectMutations(root, node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static JsonNode mutate(JsonNode root, String containerPointer, java.util.function.Consumer<JsonNode> change) {
        JsonNode copy = root.deepCopy();
        change.accept(containerPointer.isEmpty() ? copy : copy.at(containerPointer));
        return copy;
    }

    /**
     * Every property that EventJson writes, at every depth, is described by the schema at that place, and the
     * schema describes no property that is not written (except deprecated ones, which may be gone).
     */
    @ParameterizedTest
    @MethodSource("samples")
    void schemaDescribesExactlyThePropertiesTheSerializerWrites(FaultlineEvent sample) {
        String file = schemaFileOf(sample.getClass());
        JsonNode root = schemaNode(file);
        List<String> problems = new ArrayList<>();
        compareProperties(root, List.of(root), json(sample), "", problems);
        assertThat(problems).as("%s vs %s", file, EventJson.writeString(sample)).isEmpty();
    }

    private static void compareProperties(JsonNode root, List<JsonNode> schemas, JsonNode instance, String path,
                                          List<String> problems) {
        List<JsonNode> expanded = new ArrayList<>();
        schemas.forEach(s -> expand(root, s, expanded));
        if (instance.isObject()) {
            Set<String> described = new TreeSet<>();
            expanded.forEach(s -> described.addAll(s.path("properties").propertyNames()));
            Set<String> written = new TreeSet<>(instance.propertyNames());
            for (String name : written) {
                if (!described.contains(name)) {
                    problems.add("written but not described: " + path + "/" + name);
                }
            }
            for (String name : described) {
                boolean deprecated = expanded.stream()
                        .anyMatch(s -> s.path("properties").path(name).path("deprecated").asBoolean(false));
                if (!written.contains(name) && !deprecated) {
                    problems.add("described but not written: " + path + "/" + name);
                }
            }
            for (String name : written) {
                List<JsonNode> sub = expanded.stream().map(s -> s.path("properties").path(name))
                        .filter(JsonNode::isObject).toList();
                if (!sub.isEmpty()) {
                    compareProperties(root, sub, instance.get(name), path + "/" + name, problems);
                }
            }
        } else if (instance.isArray()) {
            List<JsonNode> items = expanded.stream().map(s -> s.path("items")).filter(JsonNode::isObject).toList();
            for (int i = 0; i < instance.size(); i++) {
                compareProperties(root, items, instance.get(i), path + "/" + i, problems);
            }
        }
    }

    /** The schema and every subschema it applies in place: local $ref, allOf, anyOf, oneOf. */
    private static void expand(JsonNode root, JsonNode schema, List<JsonNode> out) {
        out.add(schema);
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/")) {
            JsonNode target = root.at(ref.substring(1));
            assertThat(target.isMissingNode()).as("$ref %s resolves", ref).isFalse();
            expand(root, target, out);
        }
        for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode sub : schema.path(keyword)) {
                expand(root, sub, out);
            }
        }
    }

    /** Every {@code $defs} entry named after a Java enum lists exactly its constants, in order. */
    @ParameterizedTest
    @MethodSource("schemaFiles")
    void enumsListTheJavaEnumConstants(String file) throws ClassNotFoundException {
        JsonNode defs = schemaNode(file).path("$defs");
        for (String name : defs.propertyNames()) {
            JsonNode def = defs.get(name);
            if (!def.has("enum")) {
                continue;
            }
            Class<?> type = Class.forName(EVENTS_PACKAGE + name);
            assertThat(type.isEnum()).as("%s in %s names a Java enum", name, file).isTrue();
            List<String> constants = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            List<String> listed = new ArrayList<>();
            def.get("enum").forEach(v -> listed.add(v.asString()));
            assertThat(listed).as("%s in %s", name, file).containsExactlyElementsOf(constants);
        }
    }

    /** Every enum-typed record component of every sample is described by a {@code $defs} enum of that name. */
    @ParameterizedTest
    @MethodSource("samples")
    void everyJavaEnumUsedByTheEventIsDefined(FaultlineEvent sample) {
        Set<String> enumsUsed = new TreeSet<>();
        collectEnums(sample.getClass(), enumsUsed, new LinkedHashSet<>());
        Set<String> defined = new TreeSet<>(schemaNode(schemaFileOf(sample.getClass())).path("$defs").propertyNames());
        assertThat(defined).containsAll(enumsUsed);
    }

    private static void collectEnums(Class<?> type, Set<String> enums, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return;
        }
        for (var component : type.getRecordComponents()) {
            List<Class<?>> types = new ArrayList<>(List.of(component.getType()));
            if (component.getGenericType() instanceof java.lang.reflect.ParameterizedType p) {
                for (var arg : p.getActualTypeArguments()) {
                    if (arg instanceof Class<?> c) {
                        types.add(c);
                    }
                }
            }
            for (Class<?> t : types) {
                if (t.isEnum()) {
                    enums.add(t.getSimpleName());
                } else {
                    collectEnums(t, enums, seen);
                }
            }
        }
    }

    /** The discriminators in the schemas are those of the Jackson type annotations. */
    @Test
    void discriminatorsAreThoseOfTheJacksonTypeInfo() {
        assertDiscriminator(OutageEvent.class, "outage-event.v1.schema.json");
        assertDiscriminator(io.faultline.common.events.CreditEvent.class, "credit-granted.v1.schema.json");
        assertDiscriminator(io.faultline.common.events.InvoiceHoldEvent.class, "invoice-held.v1.schema.json",
                "invoice-released.v1.schema.json");
    }

    /** The discriminator values of a sealed type's subtypes are those its schema files (one or several) allow. */
    private static void assertDiscriminator(Class<?> sealed, String... files) {
        String property = sealed.getAnnotation(JsonTypeInfo.class).property();
        Set<String> names = Arrays.stream(sealed.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inSchema = new TreeSet<>();
        for (String file : files) {
            JsonNode root = schemaNode(file);
            assertThat(root.path("required").toString()).contains("\"" + property + "\"");
            List<JsonNode> expanded = new ArrayList<>();
            expand(root, root, expanded);
            for (JsonNode s : expanded) {
                JsonNode p = s.path("properties").path(property);
                if (p.has("const")) {
                    inSchema.add(p.get("const").asString());
                }
            }
        }
        assertThat(inSchema).as("%s values in %s", property, Arrays.toString(files)).isEqualTo(names);
    }

    /** The examples embedded in the schemas are valid and readable, so that they can be copied. */
    @ParameterizedTest
    @MethodSource("schemaFiles")
    void examplesAreValidAndReadable(String file) {
        JsonNode examples = schemaNode(file).path("examples");
        assertThat(examples.isArray() && !examples.isEmpty()).as("%s has examples", file).isTrue();
        Class<?> valueType = Topics.ALL.stream().filter(t -> schemaFilesOfTopic(t).contains(file)).findFirst()
                .orElseThrow().valueType();
        for (JsonNode example : examples) {
            assertThat(validate(file, example)).isEmpty();
            assertThat(readerAccepts(example, valueType)).as("reader accepts %s", example).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------------- AsyncAPI

    static Path docsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/asyncapi.yaml"))) {
                return dir.resolve("docs");
            }
        }
        throw new AssertionError("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    static JsonNode asyncApi() {
        try {
            String yaml = Files.readString(docsDir().resolve("asyncapi.yaml"), StandardCharsets.UTF_8);
            return new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode channelOf(JsonNode api, String address) {
        for (JsonNode channel : api.path("channels")) {
            if (address.equals(channel.path("address").asString())) {
                return channel;
            }
        }
        throw new AssertionError("no channel with address " + address);
    }

    static JsonNode resolve(JsonNode api, JsonNode maybeRef) {
        String ref = maybeRef.path("$ref").asString("");
        return ref.startsWith("#/") ? resolve(api, api.at(ref.substring(1))) : maybeRef;
    }

    @Test
    void asyncApiParsesAsYamlAndNamesEveryTopic() {
        JsonNode api = asyncApi();
        assertThat(api.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(api.path("info").path("title").asString()).isNotBlank();
        Set<String> addresses = new TreeSet<>();
        api.path("channels").forEach(c -> addresses.add(c.path("address").asString()));
        assertThat(addresses).containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
    }

    @ParameterizedTest
    @MethodSource("topics")
    void asyncApiChannelMatchesTheTopicRegistry(TopicSpec<?> topic) {
        JsonNode api = asyncApi();
        JsonNode channel = channelOf(api, topic.name());
        assertThat(channel.path("x-faultline-key").asString()).isEqualTo(topic.key());
        assertThat(channel.path("x-faultline-compacted").asBoolean()).isEqualTo(topic.compacted());
        assertThat(channel.path("x-faultline-producers").asString()).isEqualTo(topic.producers());
        assertThat(channel.path("x-faultline-consumers").asString()).isEqualTo(topic.consumers());
        JsonNode kafka = channel.path("bindings").path("kafka");
        assertThat(kafka.path("topic").asString()).isEqualTo(topic.name());
        assertThat(kafka.path("topicConfiguration").path("cleanup.policy").toString())
                .isEqualTo(topic.compacted() ? "[\"compact\"]" : "[\"delete\"]");

        Set<String> payloadFiles = new TreeSet<>();
        assertThat(channel.path("messages").isEmpty()).isFalse();
        for (JsonNode messageRef : channel.path("messages")) {
            JsonNode message = resolve(api, messageRef);
            assertThat(message.path("bindings").path("kafka").path("key").path("description").asString())
                    .as("key of %s", message.path("name")).isEqualTo(topic.key());
            String ref = message.path("payload").path("schema").path("$ref").asString();
            assertThat(ref).startsWith("../common/src/main/resources/schemas/");
            Path file = docsDir().resolve(ref).normalize();
            assertThat(file).as("payload of %s", message.path("name")).isRegularFile();
            payloadFiles.add(file.getFileName().toString());
        }
        assertThat(payloadFiles).isEqualTo(schemaFilesOfTopic(topic));
    }

    /** One message per concrete event type, whose headers pin the ce_type that the event stamps. */
    @ParameterizedTest
    @MethodSource("samples")
    void asyncApiMessageOfEveryEventTypeCarriesItsCeType(FaultlineEvent sample) {
        JsonNode api = asyncApi();
        JsonNode message = null;
        for (JsonNode m : api.path("components").path("messages")) {
            if (sample.getClass().getSimpleName().equals(m.path("name").asString())) {
                message = m;
            }
        }
        assertThat(message).as("message named %s", sample.getClass().getSimpleName()).isNotNull();
        Set<String> ceTypes = new TreeSet<>();
        for (JsonNode part : message.path("headers").path("allOf")) {
            JsonNode ceType = resolve(api, part).path("properties").path("ce_type");
            if (ceType.has("const")) {
                ceTypes.add(ceType.get("const").asString());
            }
        }
        assertThat(ceTypes).containsExactly(sample.eventType().ceType());
        assertThat(message.path("headers").toString()).contains("#/components/schemas/CloudEventsHeaders");
        assertThat(message.path("payload").path("schema").path("$ref").asString())
                .endsWith("/" + schemaFileOf(sample.getClass()));
    }

    @Test
    void asyncApiDescribesTheCloudEventsAndDeadLetterHeaders() {
        JsonNode api = asyncApi();
        JsonNode schemas = api.path("components").path("schemas");
        assertThat(names(schemas.path("CloudEventsHeaders").path("required")))
                .containsExactlyInAnyOrderElementsOf(stringConstants(CloudEventHeaders.class));
        assertThat(names(schemas.path("DeadLetterHeaders").path("required")))
                .containsExactlyInAnyOrderElementsOf(stringConstants(DeadLetterHeaders.class));

        JsonNode dlt = channelOf(api, "{topic}" + TopicSpec.DLT_SUFFIX);
        assertThat(names(dlt.path("parameters").path("topic").path("enum")))
                .containsExactlyElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
        assertThat(resolve(api, dlt.path("messages").path("deadLetter")).path("headers").path("$ref").asString())
                .isEqualTo("#/components/schemas/DeadLetterHeaders");
    }

    @Test
    void asyncApiOperationsCoverEveryTopicAndTheThreeServices() {
        JsonNode api = asyncApi();
        Set<String> services = Set.of("detector-service", "notifier-service", "compensation-service");
        Map<String, Set<String>> actionsByService = new LinkedHashMap<>();
        Set<String> channelsUsed = new TreeSet<>();
        for (Map.Entry<String, JsonNode> op : api.path("operations").properties()) {
            JsonNode operation = op.getValue();
            String action = operation.path("action").asString();
            assertThat(action).as(op.getKey()).isIn("send", "receive");
            String channelRef = operation.path("channel").path("$ref").asString();
            JsonNode channel = resolve(api, operation.path("channel"));
            assertThat(channel.isMissingNode()).as("%s channel %s", op.getKey(), channelRef).isFalse();
            channelsUsed.add(channel.path("address").asString());
            for (JsonNode messageRef : operation.path("messages")) {
                String ref = messageRef.path("$ref").asString();
                assertThat(ref).as("%s messages are those of its channel", op.getKey())
                        .startsWith(channelRef + "/messages/");
                assertThat(api.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
            }
            List<String> tags = new ArrayList<>();
            operation.path("tags").forEach(t -> tags.add(t.path("name").asString()));
            assertThat(tags).as(op.getKey()).hasSize(1);
            assertThat(services).contains(tags.get(0));
            actionsByService.computeIfAbsent(tags.get(0), k -> new TreeSet<>()).add(action);
        }
        assertThat(actionsByService).containsOnlyKeys(services);
        actionsByService.values().forEach(actions -> assertThat(actions).containsExactly("receive", "send"));
        assertThat(channelsUsed).containsAll(Topics.ALL.stream().map(TopicSpec::name).toList())
                .contains("{topic}" + TopicSpec.DLT_SUFFIX);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asString()));
        return names;
    }

    private static List<String> stringConstants(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    values.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    @Test
    void theTestItselfNoticesAnInvalidSample() {
        ObjectNode credit = (ObjectNode) json(SampleEvents.creditGranted());
        credit.put("kind", "VOUCHER");
        assertThat(validate("credit-granted.v1.schema.json", credit)).isNotEmpty();
        assertThatThrownBy(() -> EventJson.read(EventJson.write(credit), io.faultline.common.events.CreditEvent.class))
                .isInstanceOf(InvalidEventException.class);
    }
}

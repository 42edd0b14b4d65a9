package io.mm2dr.sandbox.apps;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Made-up but plausible business events of the retailer Loosehanger Jeans, as JSON: orders,
 * cancellations of earlier orders, door badge-ins, stock movements, new customers and sensor
 * readings. Every event has a unique {@code id} (its record key), a {@code type} and a
 * {@code timestamp}. Not thread-safe: one generator per producing thread.
 */
public final class LoosehangerEvents {

    /** The six event types, in the order of the producer's topics, with their share of the traffic. */
    public enum Type {
        ORDER("order", "ORD", 30),
        CANCELLATION("cancellation", "CXL", 8),
        DOOR_BADGE_IN("door-badge-in", "BDG", 12),
        STOCK_MOVEMENT("stock-movement", "STK", 15),
        NEW_CUSTOMER("new-customer", "CUS", 10),
        SENSOR_READING("sensor-reading", "SNR", 25);

        private final String json;
        private final String idPrefix;
        private final int weight;

        Type(String json, String idPrefix, int weight) {
            this.json = json;
            this.idPrefix = idPrefix;
            this.weight = weight;
        }

        /** The value of the events' {@code type} field. */
        public String json() {
            return json;
        }
    }

    /** One event: its type, its id (the record key) and its JSON text (the record value). */
    public record Event(Type type, String id, String json) {
    }

    private record Product(String sku, String name, BigDecimal price) {
    }

    private static final List<Product> PRODUCTS = List.of(
            new Product("LH-501-IND", "Loosehanger 501 Straight, indigo", new BigDecimal("79.90")),
            new Product("LH-511-BLK", "Loosehanger 511 Slim, black", new BigDecimal("89.90")),
            new Product("LH-312-STW", "Loosehanger Bootcut, stonewash", new BigDecimal("74.50")),
            new Product("LH-720-RAW", "Loosehanger High-Rise Skinny, raw denim", new BigDecimal("84.00")),
            new Product("LH-JKT-TRK", "Loosehanger Trucker Jacket", new BigDecimal("119.00")),
            new Product("LH-SHT-CHB", "Loosehanger Chambray Shirt", new BigDecimal("49.90")),
            new Product("LH-BLT-LTH", "Loosehanger Leather Belt", new BigDecimal("34.90")),
            new Product("LH-SHR-CUT", "Loosehanger Cut-Off Shorts", new BigDecimal("44.90")));
    private static final List<String> STORES = List.of(
            "Toronto Eaton Centre", "Chicago Michigan Avenue", "Sao Paulo Paulista", "Buenos Aires Florida",
            "Berlin Mitte", "London Carnaby Street", "online");
    private static final List<String> WAREHOUSES = List.of("WH-RENO", "WH-MEMPHIS", "WH-CAMPINAS", "WH-ROTTERDAM");
    private static final List<String> DOORS = List.of(
            "HQ main entrance", "HQ loading dock", "WH-RENO gate 2", "WH-MEMPHIS staff entrance",
            "WH-ROTTERDAM cold store", "Berlin Mitte staff door");
    private static final List<String> CANCEL_REASONS = List.of(
            "customer request", "payment declined", "out of stock", "duplicate order", "delivery address invalid");
    private static final List<String> FIRST_NAMES = List.of(
            "Ana", "Bruno", "Chloe", "Dmitri", "Emma", "Felipe", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lucas",
            "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara");
    private static final List<String> LAST_NAMES = List.of(
            "Almeida", "Becker", "Chen", "Dubois", "Evans", "Fernandes", "Garcia", "Hansen", "Ito", "Jensen",
            "Kowalski", "Lopez", "Muller", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Weber");
    /** Customers known before the generator started, whom orders may name too. */
    private static final int EXISTING_CUSTOMERS = 500;
    private static final int REMEMBERED = 1000;
    private static final int TOTAL_WEIGHT = sumOfWeights();

    private final Random random;
    private final Clock clock;
    /** Part of every id: ids stay unique across restarts of the producer. */
    private final String run;
    private final List<String> newCustomers = new ArrayList<>();
    private final List<String> openOrders = new ArrayList<>();
    private long sequence;

    public LoosehangerEvents(Random random, Clock clock) {
        this.random = random;
        this.clock = clock;
        this.run = Long.toString(clock.millis(), 36);
    }

    /** The next event, of a type drawn by weight; a cancellation cancels an earlier, open order. */
    public Event next() {
        Type type = drawType();
        if (type == Type.CANCELLATION && openOrders.isEmpty()) {
            type = Type.ORDER;
        }
        String id = type.idPrefix + "-" + run + "-" + String.format(Locale.ROOT, "%06d", ++sequence);
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("type", type.json);
        e.put("id", id);
        e.put("timestamp", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        switch (type) {
            case ORDER -> order(id, e);
            case CANCELLATION -> cancellation(e);
            case DOOR_BADGE_IN -> badgeIn(e);
            case STOCK_MOVEMENT -> stockMovement(e);
            case NEW_CUSTOMER -> newCustomer(id, e);
            case SENSOR_READING -> sensorReading(e);
        }
        return new Event(type, id, e.toString());
    }

    private void order(String id, ObjectNode e) {
        Product product = pick(PRODUCTS);
        e.put("customerId", customer());
        e.put("product", product.sku());
        e.put("productName", product.name());
        e.put("quantity", 1 + random.nextInt(3));
        e.put("price", product.price());
        e.put("currency", "USD");
        e.put("store", pick(STORES));
        remember(openOrders, id);
    }

    private void cancellation(ObjectNode e) {
        e.put("orderId", openOrders.remove(random.nextInt(openOrders.size())));
        e.put("reason", pick(CANCEL_REASONS));
    }

    private void badgeIn(ObjectNode e) {
        e.put("door", pick(DOORS));
        e.put("employeeId", String.format(Locale.ROOT, "EMP-%04d", 1 + random.nextInt(400)));
    }

    private void stockMovement(ObjectNode e) {
        boolean receipt = random.nextInt(3) == 0;
        int quantity = (receipt ? 50 : 1) * (1 + random.nextInt(12));
        e.put("product", pick(PRODUCTS).sku());
        e.put("warehouse", pick(WAREHOUSES));
        e.put("movement", receipt ? "receipt" : "dispatch");
        e.put("quantity", receipt ? quantity : -quantity);
    }

    private void newCustomer(String id, ObjectNode e) {
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        e.put("name", first + " " + last);
        e.put("email", (first + "." + last).toLowerCase(Locale.ROOT) + random.nextInt(100) + "@example.com");
        e.put("homeStore", pick(STORES));
        remember(newCustomers, id);
    }

    private void sensorReading(ObjectNode e) {
        e.put("sensorId", pick(WAREHOUSES) + "-T" + (1 + random.nextInt(4)));
        e.put("temperature", decimal(18 + random.nextGaussian() * 2, 1));
        e.put("humidity", decimal(45 + random.nextGaussian() * 6, 1));
    }

    /** A new customer of this run now and then, otherwise one who existed before. */
    private String customer() {
        if (!newCustomers.isEmpty() && random.nextInt(4) == 0) {
            return pick(newCustomers);
        }
        return String.format(Locale.ROOT, "CUS-%06d", 1 + random.nextInt(EXISTING_CUSTOMERS));
    }

    private Type drawType() {
        int n = random.nextInt(TOTAL_WEIGHT);
        for (Type type : Type.values()) {
            n -= type.weight;
            if (n < 0) {
                return type;
            }
        }
        throw new AssertionError("weights");
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** Keeps the id among the last {@link #REMEMBERED} ones. */
    private static void remember(List<String> ids, String id) {
        if (ids.size() == REMEMBERED) {
            ids.remove(0);
        }
        ids.add(id);
    }

    private static BigDecimal decimal(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }

    private static int sumOfWeights() {
        int sum = 0;
        for (Type type : Type.values()) {
            sum += type.weight;
        }
        return sum;
    }
}

package io.redjay.transactions;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeds' market example with Jedis: users ({@code users:<id>} hashes with {@code funds}) list items from their
 * inventories ({@code inventory:<id>} sets) on the market (the {@code market:} sorted set of
 * {@code <item>.<seller>} scored by price) and buy them, each step an optimistic transaction that WATCHes what it
 * read and retries when EXEC replies null. Eight traders run concurrently for a few seconds; afterwards money is
 * neither created nor destroyed and every item is in exactly one place.
 */
class MarketTest {
    private static final int USERS = 8;
    private static final int ITEMS_PER_USER = 6;
    private static final long START_FUNDS = 500;
    private static final long RUN_MILLIS = 3000;
    private static final long RETRY_MILLIS = 2000;

    private final AtomicInteger listed = new AtomicInteger();
    private final AtomicInteger bought = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();

    /** list_item: move an item of the seller's inventory to the market, unless the seller no longer has it. */
    private Boolean listItem(Jedis conn, String itemId, int sellerId, long price) {
        String inventory = "inventory:" + sellerId;
        String item = itemId + "." + sellerId;
        long end = System.currentTimeMillis() + RETRY_MILLIS;
        while (System.currentTimeMillis() < end) {
            conn.watch(inventory);
            if (!conn.sismember(inventory, itemId)) {
                conn.unwatch();
                return null;
            }
            Transaction pipe = conn.multi();
            pipe.zadd("market:", price, item);
            pipe.srem(inventory, itemId);
            if (pipe.exec() != null) {
                listed.incrementAndGet();
                return true;
            }
            conflicts.incrementAndGet();
        }
        return false;
    }

    /** purchase_item: pay the seller, take the item, unless its price changed or the buyer cannot afford it. */
    private Boolean purchaseItem(Jedis conn, int buyerId, String itemId, int sellerId, double listedPrice) {
        String buyer = "users:" + buyerId;
        String seller = "users:" + sellerId;
        String item = itemId + "." + sellerId;
        String inventory = "inventory:" + buyerId;
        long end = System.currentTimeMillis() + RETRY_MILLIS;
        while (System.currentTimeMillis() < end) {
            conn.watch("market:", buyer);
            Double price = conn.zscore("market:", item);
            long funds = Long.parseLong(conn.hget(buyer, "funds"));
            if (price == null || price != listedPrice || price > funds) {
                conn.unwatch();
                return null;
            }
            Transaction pipe = conn.multi();
            pipe.hincrBy(seller, "funds", price.longValue());
            pipe.hincrBy(buyer, "funds", -price.longValue());
            pipe.sadd(inventory, itemId);
            pipe.zrem("market:", item);
            if (pipe.exec() != null) {
                bought.incrementAndGet();
                return true;
            }
            conflicts.incrementAndGet();
        }
        return false;
    }

    private void trade(int port, int userId, long deadline) {
        try (Jedis conn = new Jedis("127.0.0.1", port)) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.currentTimeMillis() < deadline) {
                if (random.nextBoolean()) {
                    String itemId = conn.srandmember("inventory:" + userId);
                    if (itemId != null) {
                        listItem(conn, itemId, userId, 1 + random.nextInt(120));
                    }
                } else {
                    List<Tuple> offers = conn.zrangeWithScores("market:", 0, -1);
                    if (!offers.isEmpty()) {
                        Tuple offer = offers.get(random.nextInt(offers.size()));
                        String member = offer.getElement();
                        int dot = member.lastIndexOf('.');
                        purchaseItem(conn, userId, member.substring(0, dot),
                                Integer.parseInt(member.substring(dot + 1)), offer.getScore());
                    }
                }
            }
        }
    }

    @Test
    void concurrentTradersKeepMoneyAndItemsConsistent() throws Exception {
        try (TestServer server = TestServer.start(); Jedis admin = new Jedis("127.0.0.1", server.port())) {
            List<String> allItems = new ArrayList<>();
            for (int u = 1; u <= USERS; u++) {
                admin.hset("users:" + u, Map.of("name", "user" + u, "funds", Long.toString(START_FUNDS)));
                for (int i = 0; i < ITEMS_PER_USER; i++) {
                    String itemId = "item" + u + "-" + i;
                    admin.sadd("inventory:" + u, itemId);
                    allItems.add(itemId);
                }
            }
            long deadline = System.currentTimeMillis() + RUN_MILLIS;
            ExecutorService pool = Executors.newFixedThreadPool(USERS);
            List<Future<?>> traders = new ArrayList<>();
            for (int u = 1; u <= USERS; u++) {
                int userId = u;
                traders.add(pool.submit(() -> trade(server.port(), userId, deadline)));
            }
            for (Future<?> f : traders) {
                f.get(RUN_MILLIS + 2 * RETRY_MILLIS + 5000, TimeUnit.MILLISECONDS);
            }
            pool.shutdown();

            long total = 0;
            for (int u = 1; u <= USERS; u++) {
                long funds = Long.parseLong(admin.hget("users:" + u, "funds"));
                assertTrue(funds >= 0, "user " + u + " overspent: " + funds);
                total += funds;
            }
            assertEquals(USERS * START_FUNDS, total, "money is neither created nor destroyed");

            Map<String, Integer> places = new HashMap<>();
            for (int u = 1; u <= USERS; u++) {
                for (String itemId : admin.smembers("inventory:" + u)) {
                    places.merge(itemId, 1, Integer::sum);
                }
            }
            for (String member : admin.zrange("market:", 0, -1)) {
                String itemId = member.substring(0, member.lastIndexOf('.'));
                places.merge(itemId, 1, Integer::sum);
            }
            for (String itemId : allItems) {
                assertEquals(1, places.getOrDefault(itemId, 0), itemId + " must be in exactly one place");
            }
            assertEquals(allItems.size(), places.size(), "no item appeared from nowhere");
            assertTrue(listed.get() > 0 && bought.get() > 0,
                    "trading happened: listed " + listed + ", bought " + bought + ", conflicts " + conflicts);
        }
    }
}

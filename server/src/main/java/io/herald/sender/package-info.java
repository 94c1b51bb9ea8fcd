/**
 * The webhook sender: stateless workers that lease jobs from the durable
 * {@link io.herald.webhook.WebhookQueue}, sign and POST them, retry failures on a backoff schedule
 * and give up to the dead letters when the retry window is over. Start reading at
 * {@link io.herald.sender.WebhookSender}; the request is built in
 * {@link io.herald.sender.WebhookRequests}, sent by {@code HttpDelivery}, judged by
 * {@link io.herald.sender.Outcome}. Per-endpoint protection (concurrency cap, circuit breaker)
 * lives in {@code EndpointStates}; {@link io.herald.sender.SenderMetrics} names every metric.
 * For a queue that cannot cancel debounced jobs, a {@link io.herald.sender.DebounceCheck} asks the
 * cluster state whether a due end was undone. Depends on the queue contract and the cluster state
 * contract only, never on a driver.
 */
package io.herald.sender;

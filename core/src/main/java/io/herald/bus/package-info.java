/**
 * Messages between the nodes of a cluster: events for channels and users that some other node's
 * connections must receive. One interface, several drivers, one contract suite.
 *
 * <p>Start at {@link io.herald.bus.Bus} (the contract) and {@link io.herald.bus.BusListener}. The
 * networked drivers (RedisBus, NatsBus, in their modules) share the wire format
 * {@link io.herald.bus.BusCodec} and {@link io.herald.bus.BusInbox}, which applies the delivery
 * rules every driver must keep; {@link io.herald.bus.InMemoryBus} is the reference driver for nodes
 * in one process. Depends on nothing but the JDK and slf4j.
 */
package io.herald.bus;

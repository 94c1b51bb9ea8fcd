/**
 * Messages between the nodes of a cluster: events for channels and users that some other node's
 * connections must receive. One interface, several drivers, one contract suite.
 */
package io.herald.bus;

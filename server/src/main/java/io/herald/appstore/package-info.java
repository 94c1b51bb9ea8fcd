/**
 * Where a node's apps come from: the configuration, or a database table read through a bounded
 * cache that loads misses off the event loops and remembers unknown keys (docs/apps.md).
 */
package io.herald.appstore;

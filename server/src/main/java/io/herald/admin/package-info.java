/**
 * The admin API on the metrics port: apps listed, shown, enabled, disabled, deleted and their
 * secrets rotated, for bearer tokens of the configuration (docs/apps.md#admin-api).
 */
package io.herald.admin;

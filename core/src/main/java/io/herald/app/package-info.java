/**
 * Applications: their configured credentials, switches and limits ({@link io.herald.app.AppConfig})
 * and how they are looked up ({@link io.herald.app.AppRegistry}).
 */
package io.herald.app;

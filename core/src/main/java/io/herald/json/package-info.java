/** Hand-written JSON string encoding for the fixed outbound shapes. */
package io.herald.json;

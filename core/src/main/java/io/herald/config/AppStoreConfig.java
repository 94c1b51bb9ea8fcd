package io.herald.config;

/**
 * Where a node's apps come from (docs/apps.md): the configuration ({@code static}) or a database
 * table in soketi's layout, read through a bounded cache. Times in milliseconds.
 *
 * @param passwordFile a file holding the password (a mounted Kubernetes Secret); read at start,
 *     it wins over {@code password}
 * @param cacheSize apps held in memory at most, by key and by id each
 * @param negativeTtl how long a key or id the store does not know is remembered as unknown
 * @param refreshInterval time between re-reads of the table, which bring changes made directly in
 *     the database
 */
public record AppStoreConfig(Driver driver, String url, String username, String password, String passwordFile,
        String table, int poolSize, int connectionTimeout, int cacheSize, int negativeTtl, int refreshInterval) {

    /** The kinds of store. */
    public enum Driver {
        STATIC, POSTGRES, MYSQL;

        public boolean isSql() {
            return this != STATIC;
        }
    }
}

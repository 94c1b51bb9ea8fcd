-- Herald's settings for an app of soketi's apps table that soketi has no column for: a JSON
-- object of Herald app keys (docs/apps.md), laid over what the apps row gives.
CREATE TABLE herald_app_settings (
    app_id VARCHAR(255) NOT NULL PRIMARY KEY,
    settings TEXT NOT NULL
);

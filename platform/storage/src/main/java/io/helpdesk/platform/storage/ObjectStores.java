package io.helpdesk.platform.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;

/** Makes the deployment's {@link ObjectStore} from {@code helpdesk.storage.backend}. */
@ApplicationScoped
public class ObjectStores {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(StorageConfig config, MongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        return switch (config.backend()) {
            case "gridfs" -> new GridFsObjectStore(mongo.getDatabase(database), config.gridfsBucket());
            default -> throw new IllegalStateException(
                    "helpdesk.storage.backend must be gridfs or s3, not '" + config.backend() + "'");
        };
    }
}

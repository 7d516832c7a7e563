package dev.hademo.user;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.AbstractApplicationContext;

import dev.hademo.user.auth.SigningKeyProvider;

/**
 * The image build records its class-data archive in a training run: the context is refreshed with no DynamoDB
 * reachable and the JVM stops before any lifecycle bean starts ({@code -Dspring.context.exit=onRefresh}). This
 * refreshes the context the same way against an endpoint that refuses every connection, so a bean that reaches
 * DynamoDB while it is created fails here rather than in the image build.
 */
class TrainingRunTest {

    @Test
    void theContextRefreshesWithoutDynamoDb() {
        SpringApplication application = new SpringApplication(UserServiceApplication.class);
        // Spring's exit-on-refresh halts the JVM at this point, which a test cannot: start no lifecycle bean instead.
        application.addInitializers(context -> context.getBeanFactory().registerSingleton(
                AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, new StartNothing()));
        try (ConfigurableApplicationContext context = application.run(
                "--users.dynamodb-endpoint=http://127.0.0.1:1",
                "--server.port=0",
                // Runners come after the refresh, so the training run never gets to them.
                "--users.seed-demo-accounts=false")) {
            assertThatIllegalStateException().as("the key waits for startup")
                    .isThrownBy(context.getBean(SigningKeyProvider.class)::get);
        }
    }

    private static final class StartNothing implements LifecycleProcessor {

        @Override
        public void onRefresh() {
        }

        @Override
        public void onClose() {
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}

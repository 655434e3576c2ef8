package dev.sluice.gateway.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagePlanTest {

    @Test
    void defaultPlanIsTheSixStagesOfTheSpec() {
        StagePlan plan = StagePlan.defaultPlan(150);
        assertEquals(List.of("init", "intent", "retrieve", "reason", "generate", "finalize"),
                plan.stages().stream().map(Stage::id).toList());
        assertEquals(List.of(5, 15, 35, 60, 85, 100), plan.stages().stream().map(Stage::progress).toList());
        plan.stages().forEach(stage -> assertEquals(150, stage.delayMs()));
    }

    @Test
    void parseReadsIdProgressDelayAndLabel() {
        StagePlan plan = StagePlan.parse("fetch:20:300:Fetching the data, think:70, write:100::Writing it: all", 40);

        assertEquals(List.of(
                new Stage("fetch", "Fetching the data", 20, 300),
                new Stage("think", "think", 70, 40),
                new Stage("write", "Writing it: all", 100, 40)), plan.stages());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "init", "init:x", "init:10:soon", "a:10,a:20", "a:101", "a:-1", "a:10:-5", ":10",
        "a:10,,b:20"})
    void badPlansAreRejectedWithAMessage(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StagePlan.parse(spec, 10));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void messagesNameTheEntryAtFault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StagePlan.parse("ok:10,bad:ten", 10));
        assertTrue(e.getMessage().contains("bad:ten"), e.getMessage());
        assertTrue(e.getMessage().contains("progress"), e.getMessage());
    }

    @Test
    void thePlanIsImmutable() {
        StagePlan plan = StagePlan.defaultPlan(1);
        assertThrows(UnsupportedOperationException.class, () -> plan.stages().clear());
    }
}

package org.ladewerk.server.ocpp2;

import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.authorization.IdTagService;
import org.ladewerk.server.configuration.ConfigurationService;
import org.ladewerk.server.datatransfer.DataTransferService;
import org.ladewerk.server.devicemodel.DeviceModelService;
import org.ladewerk.server.devicemodel.DeviceReports;
import org.ladewerk.server.maintenance.MaintenanceService;
import org.ladewerk.server.report.StationReportService;
import org.ladewerk.server.reservation.ReservationService;
import org.ladewerk.server.smartcharging.ChargingProfileService;
import org.ladewerk.server.station.StationService;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.transaction.RemoteStarts;
import org.ladewerk.server.transaction.StaleTransactions;
import org.ladewerk.server.transaction.TransactionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One handler and one effect recorder per OCPP 2.x version; 2.1 extends 2.0.1 on the same code. */
@Configuration
class Ocpp2Config {

    @Bean
    Ocpp2Handler.Services ocpp2HandlerServices(StationService stations, IdTagService idTags, TransactionService transactions,
                                               MaintenanceService maintenance, DataTransferService dataTransfers,
                                               DeviceModelService deviceModel, StationReportService reports,
                                               ReservationService reservations, ChargingProfileService profiles, GroupCommitter store,
                                               DeviceReports deviceReports) {
        return new Ocpp2Handler.Services(stations, idTags, transactions, maintenance, dataTransfers, deviceModel, reports,
                reservations, profiles, store, deviceReports);
    }

    @Bean
    Ocpp2CommandEffects.Services ocpp2EffectServices(DeviceModelService deviceModel, ReservationService reservations,
                                                     ChargingProfileService profiles, ConfigurationService configuration,
                                                     DataTransferService dataTransfers, RemoteStarts remoteStarts,
                                                     StaleTransactions staleTransactions) {
        return new Ocpp2CommandEffects.Services(deviceModel, reservations, profiles, configuration, dataTransfers, remoteStarts,
                staleTransactions);
    }

    @Bean
    Ocpp2Handler ocpp201Handler(Ocpp2Handler.Services services) {
        return new Ocpp2Handler(OcppVersion.V2_0_1, services);
    }

    @Bean
    Ocpp2Handler ocpp21Handler(Ocpp2Handler.Services services) {
        return new Ocpp2Handler(OcppVersion.V2_1, services);
    }

    @Bean
    Ocpp2CommandEffects ocpp201Effects(Ocpp2CommandEffects.Services services) {
        return new Ocpp2CommandEffects(OcppVersion.V2_0_1, services);
    }

    @Bean
    Ocpp2CommandEffects ocpp21Effects(Ocpp2CommandEffects.Services services) {
        return new Ocpp2CommandEffects(OcppVersion.V2_1, services);
    }
}

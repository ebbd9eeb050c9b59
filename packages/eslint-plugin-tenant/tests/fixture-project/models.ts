// Mongoose models and a driver collection declared here, imported by typed test cases:
// only the type checker can tell that `Campaign` in file.ts is a model.
import mongoose, { Schema } from "mongoose";
import { MongoClient } from "mongodb";

export interface CampaignDoc {
  tenantId: string;
  name: string;
  status: "draft" | "active";
}

export const Campaign = mongoose.model<CampaignDoc>(
  "Campaign",
  new Schema<CampaignDoc>({ tenantId: { type: String, required: true }, name: String, status: String }),
);

export const Lead = mongoose.model("Lead", new Schema({ tenantId: String, email: String, campaignId: String }));

/** Shared on purpose (no tenant field): configure it in `globalCollections` to exempt it. */
export const Plan = mongoose.model("Plan", new Schema({ name: String, priceCents: Number }));

export const db = new MongoClient("mongodb://127.0.0.1:27017").db("app");
export const leads = db.collection<{ tenantId: string; email: string }>("leads");
